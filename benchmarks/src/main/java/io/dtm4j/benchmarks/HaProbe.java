package io.dtm4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.TransOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The HA probe: three server processes on one shared store (MariaDB, PostgreSQL or Redis) receive sagas and TCCs
 * in turn, whose branches answer ONGOING or 500 on their first call, or are slow (1.5 s), at random; one instance
 * is killed with {@code kill -9} mid-flood. Every acknowledged gid must end final, and no branch of a gid may be
 * called while another call of the same gid is in flight (the transactions are sequential: two calls at once mean
 * two instances processed it at once). Prints the duplicate calls: calls of a gid/branch/op after its success.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.HaProbe [total] [rate] [store ...]} (defaults 300,
 * 100/s, mysql postgres redis); writes the section {@code ha} of docs/reliability.md. {@code -Dkill=false} keeps
 * every instance alive (the section {@code ha-nokill}): then every duplicate call is the engine's own doing.
 */
public final class HaProbe {

    private static final byte[] OK = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ONGOING = "{\"dtm_result\":\"ONGOING\"}".getBytes(StandardCharsets.UTF_8);

    private static final boolean KILL = Boolean.parseBoolean(System.getProperty("kill", "true"));

    private HaProbe() {
    }

    /**
     * What one probe found.
     *
     * @param store the shared store
     * @param acknowledged gids acknowledged
     * @param notFinal acknowledged gids not final at the deadline
     * @param overlaps calls made while another call of the same gid was in flight
     * @param duplicates calls of a branch op after it had answered success
     * @param calls all branch calls
     * @param finalAfterSeconds from the end of the flood until every acknowledged gid was final
     */
    public record Outcome(String store, int acknowledged, int notFinal, int overlaps, int duplicates, int calls,
            double finalAfterSeconds) {

        /** @return the table row */
        public String row() {
            return String.format(Locale.ROOT, "| %s | %d | %s | %d | %d of %d |", store, acknowledged,
                    notFinal == 0 ? String.format(Locale.ROOT, "%.0f s", finalAfterSeconds) : notFinal + " not final",
                    overlaps, duplicates, calls);
        }
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<String> stores = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("mysql", "postgres",
                "redis");
        List<String> rows = new ArrayList<>();
        for (String store : stores) {
            String row = probe(Path.of("dtm-server/target/dtm-server.jar"), store, total, rate).row();
            System.out.println(row);
            rows.add(row);
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; three server processes on one store, " + total + " transactions (sagas and TCCs of two"
                + " branches, in turn to each instance) at " + rate + "/s, retry_interval 2 s; a quarter of the"
                + " branch ops answer ONGOING on their first call, a quarter 500, a quarter take 1.5 s; one"
                + " instance killed with `kill -9` halfway.\n\n| store | acknowledged | all final after the flood |"
                + " calls while another call of the gid was in flight | duplicate calls |\n|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/reliability.md"), KILL ? "ha" : "ha-nokill",
                KILL ? table : table.replace("; one instance killed with `kill -9` halfway", "; no instance killed"));
    }

    /**
     * Runs the probe on one store.
     *
     * @param jar the server jar
     * @param store mysql, postgres or redis
     * @param total transactions
     * @param rate per second
     * @return what it found
     * @throws Exception when the probe itself fails
     */
    public static Outcome probe(Path jar, String store, int total, int rate) throws Exception {
        Branches branches = new Branches();
        String rm = "http://127.0.0.1:" + branches.server.getAddress().getPort();
        List<ServerProcess> servers = new ArrayList<>();
        List<DtmClient> clients = new ArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService submitters = Executors.newFixedThreadPool(32);
        OkHttpClient http = new OkHttpClient();
        try {
            for (int i = 0; i < 3; i++) {
                Path data = Files.createTempDirectory("dtm-ha");
                int port = SagaLoad.freePort();
                servers.add(i == 0 ? ServerProcess.start(jar, data, port, ServerProcess.storeEnv(store), true, "-r")
                        : ServerProcess.start(jar, data, port, ServerProcess.storeEnv(store), true));
                clients.add(DtmClient.builder().serverUrl("http://127.0.0.1:" + port + "/api/dtmsvr").httpClient(http)
                        .build());
            }
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            boolean killed = false;
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (int n = 0; n < total; n++) {
                long wait = start + n * period - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (KILL && !killed && n == total / 2) {
                    servers.get(1).kill();
                    killed = true;
                }
                int instance = killed && n % 3 == 1 ? 0 : n % 3;
                DtmClient dtm = clients.get(instance);
                String gid = "ha-" + store + "-" + run + "-" + n;
                boolean saga = n % 2 == 0;
                submitters.execute(() -> {
                    try {
                        TransOptions opts = TransOptions.builder().retryInterval(Duration.ofSeconds(2)).build();
                        if (saga) {
                            dtm.saga(gid).options(opts).add(rm + "/a", rm + "/c", RawJson.of("{}"))
                                    .add(rm + "/a", rm + "/c", RawJson.of("{}")).submit();
                        } else {
                            dtm.tcc(gid, opts, tcc -> {
                                tcc.registerBranch("{}", rm + "/a", rm + "/c");
                                tcc.registerBranch("{}", rm + "/a", rm + "/c");
                            });
                        }
                        acknowledged.add(gid);
                    } catch (RuntimeException notAcknowledged) {
                        // Sent to the instance being killed (or answered with an error): nothing promised.
                        if (refused.size() < 5) {
                            refused.add("instance " + instance + ": " + notAcknowledged);
                        }
                    }
                });
            }
            submitters.shutdown();
            submitters.awaitTermination(30, TimeUnit.SECONDS);
            long flooded = System.nanoTime();
            List<String> pending = new ArrayList<>(acknowledged);
            long deadline = flooded + TimeUnit.SECONDS.toNanos(120);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                List<String> still = new ArrayList<>();
                for (String gid : pending) {
                    var result = clients.get(0).query(gid);
                    if (result.transaction().isEmpty() || !result.status().isFinal()) {
                        still.add(gid);
                    }
                }
                pending = still;
                if (!pending.isEmpty()) {
                    Thread.sleep(500);
                }
            }
            double finalAfter = (System.nanoTime() - flooded) / 1e9;
            refused.forEach(r -> System.out.println("[ha] " + store + ": not acknowledged: " + r));
            return new Outcome(store, acknowledged.size(), pending.size(), branches.overlaps.get(),
                    branches.duplicates.get(), branches.calls.get(), finalAfter);
        } finally {
            submitters.shutdownNow();
            for (ServerProcess s : servers) {
                s.close();
            }
            branches.server.stop(0);
            http.dispatcher().executorService().shutdown();
        }
    }

    /** The branch service: answers by a hash of gid/branch/op, counts calls, overlaps and duplicates. */
    private static final class Branches {
        final HttpServer server;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        final Set<String> succeeded = ConcurrentHashMap.newKeySet();
        final Map<String, String> current = new ConcurrentHashMap<>();

        Branches() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.createContext("/", exchange -> {
                try (OutputStream out = exchange.getResponseBody()) {
                    exchange.getRequestBody().readAllBytes();
                    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                    String gid = q.getOrDefault("gid", "");
                    String key = gid + "/" + q.get("branch_id") + "/" + q.get("op");
                    calls.incrementAndGet();
                    if (succeeded.contains(key)) {
                        duplicates.incrementAndGet();
                    }
                    AtomicInteger busy = inFlight.computeIfAbsent(gid, k -> new AtomicInteger());
                    if (busy.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                        System.out.println("[ha] overlap: " + key + " while " + current.get(gid) + " in flight");
                    }
                    current.put(gid, key + " since " + System.currentTimeMillis() % 100_000);
                    try {
                        int first = seen.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
                        int kind = Math.floorMod(key.hashCode(), 4);
                        byte[] body = OK;
                        int status = 200;
                        if (first == 0 && kind == 0) {
                            body = ONGOING;
                            status = 425;
                        } else if (first == 0 && kind == 1) {
                            status = 500;
                        } else if (kind == 2) {
                            Thread.sleep(1500);
                        }
                        if (status == 200) {
                            succeeded.add(key);
                        }
                        // Done before the answer leaves: once the server has it, it may make the next call at once,
                        // and a call counted in flight until after the write would look like an overlap.
                        busy.decrementAndGet();
                        busy = null;
                        exchange.sendResponseHeaders(status, body.length);
                        out.write(body);
                    } finally {
                        if (busy != null) {
                            busy.decrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(300, r -> {
                Thread t = new Thread(r, "ha-branch");
                t.setDaemon(true);
                return t;
            }));
            server.start();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> q = new ConcurrentHashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                                StandardCharsets.UTF_8));
                    }
                }
            }
            return q;
        }
    }
}
