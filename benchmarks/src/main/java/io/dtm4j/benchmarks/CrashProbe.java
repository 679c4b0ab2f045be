package io.dtm4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/**
 * The crash probe: for each store, a forked server receives 2-branch sagas (200 ms branches) at a fixed rate, is
 * killed with {@code kill -9} once a given number of submits were acknowledged (answered 200), and is restarted on
 * the same store. It prints how many acknowledged sagas the store lost, how many branch calls were made more than
 * once, and how long the restarted server took to bring every acknowledged saga to a final status.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.CrashProbe [total] [rate] [killAfter] [store ...]}
 * (defaults 200, 100/s, 100, stores h2 mysql postgres). Runs against the local MariaDB and PostgreSQL.
 */
public final class CrashProbe {

    private static final byte[] OK = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);

    private CrashProbe() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int killAfter = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> stores = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("h2", "mysql",
                "postgres");
        List<String> rows = new ArrayList<>();
        for (String store : stores) {
            String row = probe(store, total, rate, killAfter);
            System.out.println(row);
            rows.add(row);
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; " + total + " sagas offered at " + rate + "/s, two branches of 200 ms each, `kill -9` once "
                + killAfter + " submits were acknowledged, then a restart on the same store; server JVM options `"
                + ServerProcess.jvmOptions() + "`.\n\n| store | acknowledged | lost after restart | duplicate branch"
                + " calls | all final after restart |\n|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/reliability.md"), "crash", table);
    }

    private static Map<String, String> env(String store) {
        return switch (store) {
            case "mysql" -> Map.of("STORE_DRIVER", "mysql", "STORE_HOST", "127.0.0.1", "STORE_PORT", "3306",
                    "STORE_USER", "root", "STORE_PASSWORD", "", "STORE_DB", "dtm_crash");
            case "postgres" -> Map.of("STORE_DRIVER", "postgres", "STORE_HOST", "127.0.0.1", "STORE_PORT", "5432",
                    "STORE_USER", "postgres", "STORE_DB", "test", "STORE_SCHEMA", "dtm_crash");
            default -> Map.of("STORE_DRIVER", store);
        };
    }

    private static String probe(String store, int total, int rate, int killAfter) throws Exception {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        HttpServer branches = branchService(calls);
        String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
        Path data = Files.createTempDirectory("dtm-crash");
        Path jar = Path.of("dtm-server/target/dtm-server.jar");
        int port = SagaLoad.freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService submitters = Executors.newFixedThreadPool(32);
        OkHttpClient http = new OkHttpClient();
        try {
            ServerProcess first = ServerProcess.start(jar, data, port, env(store), false, "-r");
            DtmClient dtm = DtmClient.builder().serverUrl("http://127.0.0.1:" + port + "/api/dtmsvr").httpClient(http)
                    .build();
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            for (int n = 0; n < total && acknowledged.size() < killAfter; n++) {
                long due = start + n * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String gid = "crash-" + store + "-" + start + "-" + n;
                submitters.execute(() -> {
                    try {
                        dtm.saga(gid).add(rm + "/TransOut", rm + "/Compensate", RawJson.of("{}"))
                                .add(rm + "/TransIn", rm + "/Compensate", RawJson.of("{}")).submit();
                        acknowledged.add(gid);
                    } catch (RuntimeException notAcknowledged) {
                        // sent while the server died: not acknowledged, nothing promised
                    }
                });
            }
            while (acknowledged.size() < killAfter && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
                Thread.sleep(1);
            }
            first.kill();
            Set<String> promised = Set.copyOf(acknowledged);
            submitters.shutdown();
            submitters.awaitTermination(10, TimeUnit.SECONDS);
            long restart = System.nanoTime();
            try (ServerProcess second = ServerProcess.start(jar, data, port, env(store), false)) {
                Thread.sleep(500);
                int lost = 0;
                long deadline = restart + TimeUnit.SECONDS.toNanos(180);
                List<String> pending = new ArrayList<>(promised);
                while (!pending.isEmpty() && System.nanoTime() < deadline) {
                    List<String> still = new ArrayList<>();
                    for (String gid : pending) {
                        var result = dtm.query(gid);
                        if (result.transaction().isEmpty()) {
                            lost++;
                        } else if (!result.status().isFinal()) {
                            still.add(gid);
                        }
                    }
                    pending = still;
                    if (!pending.isEmpty()) {
                        Thread.sleep(500);
                    }
                }
                double finalAfter = (System.nanoTime() - restart) / 1e9;
                int duplicates = calls.values().stream().mapToInt(c -> Math.max(0, c.get() - 1)).sum();
                int allCalls = calls.values().stream().mapToInt(AtomicInteger::get).sum();
                return String.format(Locale.ROOT, "| %s | %d | %d | %d of %d | %s |", store, promised.size(), lost,
                        duplicates, allCalls, pending.isEmpty() ? String.format(Locale.ROOT, "%.0f s", finalAfter)
                        : pending.size() + " not final after 180 s");
            }
        } finally {
            submitters.shutdownNow();
            branches.stop(0);
            http.dispatcher().executorService().shutdown();
        }
    }

    /** Branches that take 200 ms and count every call by gid, branch and op. */
    private static HttpServer branchService(Map<String, AtomicInteger> calls) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        s.createContext("/", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.getRequestBody().readAllBytes();
                String q = exchange.getRequestURI().getRawQuery();
                calls.computeIfAbsent(q == null ? "" : q, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(200);
                exchange.sendResponseHeaders(200, OK.length);
                out.write(OK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.setExecutor(Executors.newFixedThreadPool(200, r -> {
            Thread t = new Thread(r, "branch");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }
}
