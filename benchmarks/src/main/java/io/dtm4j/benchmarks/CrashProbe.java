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
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.CrashProbe [total] [rate] [killAfter] [store ...]
 * [label=jar ...]} (defaults 200, 100/s, 100, stores h2 mysql postgres redis, the jar in dtm-server/target). Runs
 * against the local MariaDB, PostgreSQL and Redis. With several jars, each store is probed with each jar in turn. It
 * also counts the branch calls in flight at the kill: their answers were lost with the server, so they are the
 * repeats no store can avoid. With {@code -Drepeat=N} each store is probed N times (a soak: a crash can leave a
 * store in a state that only some kills produce).
 */
public final class CrashProbe {

    private static final byte[] OK = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);

    private CrashProbe() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int killAfter = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> stores = new ArrayList<>();
        List<String[]> jars = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].contains("=")) {
                jars.add(args[i].split("=", 2));
            } else {
                stores.add(args[i]);
            }
        }
        if (stores.isEmpty()) {
            stores.addAll(List.of("h2", "mysql", "postgres", "redis"));
        }
        if (jars.isEmpty()) {
            jars.add(new String[] {"", "dtm-server/target/dtm-server.jar"});
        }
        List<String> rows = new ArrayList<>();
        int repeat = Integer.getInteger("repeat", 1);
        for (String store : stores) {
            for (String[] jar : jars) {
                for (int run = 1; run <= repeat; run++) {
                    String label = (jar[0].isEmpty() ? store : jar[0] + ": " + store)
                            + (repeat > 1 ? " (run " + run + ")" : "");
                    String row = probe(Path.of(jar[1]), label, store, total, rate, killAfter).row();
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; " + total + " sagas offered at " + rate + "/s, two branches of 200 ms each, `kill -9` once "
                + killAfter + " submits were acknowledged, then a restart on the same store; server JVM options `"
                + ServerProcess.jvmOptions() + "`.\n\n| store | acknowledged | lost after restart | duplicate branch"
                + " calls | of which in flight at the kill | all final after restart |\n|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of(System.getProperty("doc", "docs/reliability.md")),
                System.getProperty("section", "crash"),
                table);
    }


    /**
     * What one probe found.
     *
     * @param label the store (and jar) probed
     * @param acknowledged submits answered 200 before the kill
     * @param lost acknowledged gids the restarted server did not know
     * @param duplicates branch calls made more than once
     * @param calls all branch calls
     * @param inFlightAtKill branch calls unanswered when the server was killed
     * @param notFinal acknowledged gids still not final at the deadline
     * @param finalAfterSeconds from the restart until every acknowledged gid was final
     */
    public record Outcome(String label, int acknowledged, int lost, int duplicates, int calls, int inFlightAtKill,
            int notFinal, double finalAfterSeconds) {

        /** @return the table row */
        public String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %d of %d | %d | %s |", label, acknowledged, lost,
                    duplicates, calls, inFlightAtKill, notFinal == 0 ? String.format(Locale.ROOT, "%.0f s",
                    finalAfterSeconds) : notFinal + " not final after 180 s");
        }
    }

    /**
     * Probes one store with one jar.
     *
     * @param jar the server jar
     * @param label the row's label
     * @param store h2, memory, mysql or postgres
     * @param total sagas offered
     * @param rate sagas per second
     * @param killAfter acknowledged submits before the kill
     * @return what it found
     * @throws Exception when the probe itself fails
     */
    public static Outcome probe(Path jar, String label, String store, int total, int rate, int killAfter)
            throws Exception {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        HttpServer branches = branchService(calls, inFlight);
        String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
        Path data = Files.createTempDirectory("dtm-crash");
        int port = SagaLoad.freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService submitters = Executors.newFixedThreadPool(32);
        OkHttpClient http = new OkHttpClient();
        try {
            ServerProcess first = ServerProcess.start(jar, data, port, ServerProcess.storeEnv(store), false, "-r");
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
            int unanswered = inFlight.get();
            Set<String> promised = Set.copyOf(acknowledged);
            submitters.shutdown();
            submitters.awaitTermination(10, TimeUnit.SECONDS);
            long restart = System.nanoTime();
            Outcome outcome;
            try (ServerProcess second = ServerProcess.start(jar, data, port, ServerProcess.storeEnv(store), false)) {
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
                            System.out.println("[crash] " + label + ": acknowledged gid " + gid + " is unknown after"
                                    + " the restart (data and server log in " + data + ")");
                        } else if (!result.status().isFinal()) {
                            still.add(gid);
                        }
                    }
                    pending = still;
                    if (!pending.isEmpty()) {
                        Thread.sleep(500);
                    }
                }
                for (String gid : pending) {
                    System.out.println("[crash] " + label + ": acknowledged gid " + gid + " not final: "
                            + dtm.query(gid) + " (data in " + data
                            + ")");
                }
                double finalAfter = (System.nanoTime() - restart) / 1e9;
                int duplicates = calls.values().stream().mapToInt(c -> Math.max(0, c.get() - 1)).sum();
                int allCalls = calls.values().stream().mapToInt(AtomicInteger::get).sum();
                outcome = new Outcome(label, promised.size(), lost, duplicates, allCalls, unanswered,
                        pending.size(), finalAfter);
            }
            if (outcome.lost() == 0 && outcome.notFinal() == 0) {
                // Kept otherwise, for a look at what the store held (its path is printed above).
                ServerProcess.deleteTree(data);
            }
            return outcome;
        } finally {
            submitters.shutdownNow();
            branches.stop(0);
            http.dispatcher().executorService().shutdown();
        }
    }

    /** Branches that take 200 ms and count every call by gid, branch and op. */
    private static HttpServer branchService(Map<String, AtomicInteger> calls, AtomicInteger inFlight)
            throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        s.createContext("/", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.getRequestBody().readAllBytes();
                String q = exchange.getRequestURI().getRawQuery();
                calls.computeIfAbsent(q == null ? "" : q, k -> new AtomicInteger()).incrementAndGet();
                inFlight.incrementAndGet();
                try {
                    Thread.sleep(200);
                    exchange.sendResponseHeaders(200, OK.length);
                    out.write(OK);
                    out.flush();
                } finally {
                    inFlight.decrementAndGet();
                }
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
