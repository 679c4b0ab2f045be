package io.dtm4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Load harness of the standalone server: forks {@code java -jar dtm-server.jar}, then drives 2-step sagas with
 * {@code wait_result} from concurrent clients (empty branch URLs, then two real HTTP branches), against a
 * baseline measured in the same run: the same two branch calls made directly, without DTM.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.SagaLoad [store] [seconds] [clients]
 * [label=jar ...]}: with several jars, each is measured in turn in the same run; {@code -Drounds=N} repeats
 * the whole set N times, the servers taking turns, and reports each scenario's median round. The forked server
 * runs with {@code dtm-server/src/main/dist/jvm.options}; {@code DTM_SERVER_JVM_OPTS} replaces them (a profiler,
 * say). The server's resident memory, idle and at its peak, is printed with the table.
 */
public final class SagaLoad {

    private static final String OK = "{\"dtm_result\":\"SUCCESS\"}";

    private SagaLoad() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<String[]> jars = SustainedLoad.jars(args, 3);
        HttpServer branches = branchService();
        String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .build();
        http.dispatcher().setMaxRequestsPerHost(128);
        int rounds = Integer.getInteger("rounds", 1);
        boolean wrk = WrkRun.available();
        // scenario name -> results of every round; memory per jar
        Map<String, List<Result>> results = new LinkedHashMap<>();
        Map<String, long[]> memory = new LinkedHashMap<>();
        Map<String, String> jarOf = new LinkedHashMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                for (String[] jar : jars) {
                    String label = jars.size() == 1 ? "" : jar[0] + ": ";
                    long[] rss = memory.computeIfAbsent(jar[0], k -> new long[] {Long.MAX_VALUE, 0});
                    for (Result r : measureJar(Path.of(jar[1]), store, label, seconds, clients, rm, http, wrk, rss)) {
                        results.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
                        jarOf.put(r.name(), jar[0]);
                    }
                }
            }
        } finally {
            branches.stop(0);
            http.dispatcher().executorService().shutdown();
        }
        List<String> rows = new ArrayList<>();
        Map<String, Result> direct = new LinkedHashMap<>();
        for (List<Result> all : results.values()) {
            Result median = all.stream().sorted(java.util.Comparator.comparingDouble(Result::opsPerSecond))
                    .toList().get(all.size() / 2);
            String label = jarOf.get(median.name());
            if (median.name().endsWith("direct (no DTM)")) {
                direct.put(label, median);
            }
            rows.add(median.row(direct.get(label)));
        }
        List<String> rssText = new ArrayList<>();
        memory.forEach((jar, rss) -> rssText.add((jars.size() == 1 ? "" : jar + " ") + rss[0] + " MB idle, "
                + rss[1] + " MB at the peak"));
        String wrkNote = wrk ? " Rows marked wrk: the same sagas sent by `wrk -t2 -c10` (benchmarks/wrk/saga.lua),"
                + " the official server's set-up, with no Java client on the cores."
                : " wrk was not found, so the wrk rows are missing (scripts/load.sh installs it).";
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; store `" + store + "`, " + clients
                + " client threads, " + seconds + " s per scenario after a warm-up; server forked as `java "
                + ServerProcess.jvmOptions() + " -jar dtm-server.jar`." + wrkNote + " Server resident memory: "
                + String.join("; ", rssText) + "." + (rounds > 1 ? " Each row is the median of " + rounds
                + " rounds, the servers taking turns." : "") + "\n\n| scenario | ops/s | p50 ms | p90 ms | p99 ms"
                + " | vs direct |\n|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/performance.md"), (jars.size() == 1 ? "server-"
                : "server-compare-") + store, table);
    }

    /** One round of every scenario against one forked server; {@code rss} keeps the lowest idle and the peak. */
    private static List<Result> measureJar(Path jar, String store, String label, int seconds, int clients, String rm,
            OkHttpClient http, boolean wrk, long[] rss) throws Exception {
        List<Result> out = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(jar, store)) {
            rss[0] = Math.min(rss[0], server.rssMb());
            java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> rss[1] = Math.max(rss[1], server.rssMb()), 200, 200,
                    TimeUnit.MILLISECONDS);
            try {
                DtmClient dtm = DtmClient.builder().serverUrl("http://127.0.0.1:" + server.port() + "/api/dtmsvr")
                        .httpClient(http).build();
                out.add(run(label + "direct (no DTM)", seconds, clients, () -> {
                    post(http, rm + "/TransOut");
                    post(http, rm + "/TransIn");
                }));
                if (store.equals("mysql") || store.equals("postgres")) {
                    // A SQL store's own ceiling, in the same run: the target is a quarter of it in sagas/s.
                    Result db = Databases.insertCommitRate(store.equals("mysql") ? "mariadb" : "postgres", seconds,
                            clients);
                    out.add(new Result(label + db.name(), db.opsPerSecond(), db.p50(), db.p90(), db.p99()));
                }
                out.add(run(label + "saga, empty URLs", seconds, clients, () -> dtm.saga()
                        .add("", "", RawJson.of("{}")).add("", "", RawJson.of("{}")).waitResult(true).submit()));
                out.add(run(label + "saga, 2 HTTP branches", seconds, clients, () -> dtm.saga()
                        .add(rm + "/TransOut", rm + "/TransOutCompensate", RawJson.of("{\"amount\":30}"))
                        .add(rm + "/TransIn", rm + "/TransInCompensate", RawJson.of("{\"amount\":30}"))
                        .waitResult(true).submit()));
                if (wrk) {
                    String serverUrl = "http://127.0.0.1:" + server.port();
                    out.add(WrkRun.run(label + "wrk: saga, empty URLs", serverUrl, "", seconds));
                    out.add(WrkRun.run(label + "wrk: saga, 2 HTTP branches", serverUrl, rm, seconds));
                }
            } finally {
                sampler.shutdownNow();
            }
        }
        return out;
    }

    static void awaitPing(int port, Process server, Path data) throws Exception {
        OkHttpClient probe = new OkHttpClient();
        for (int i = 0; i < 100; i++) {
            try (Response r = probe.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/api/ping")
                    .build()).execute()) {
                if (r.code() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (!server.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("dtm-server did not start; see " + data.resolve("server.log"));
    }

    /** One scenario's throughput and latency percentiles. */
    record Result(String name, double opsPerSecond, double p50, double p90, double p99) {
        String row(Result base) {
            return String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.2fx |", name, opsPerSecond, p50,
                    p90, p99, opsPerSecond / base.opsPerSecond);
        }
    }

    interface Op {
        void run() throws Exception;
    }

    static Result run(String name, int seconds, int clients, Op op) throws Exception {
        measure(op, clients, 3);
        long[] latencies = measure(op, clients, seconds);
        Arrays.sort(latencies);
        double ops = latencies.length / (double) seconds;
        System.out.printf(Locale.ROOT, "%s: %.0f ops/s%n", name, ops);
        return new Result(name, ops, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99));
    }

    private static long[] measure(Op op, int clients, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] buf = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.run();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == buf.length) {
                        buf = Arrays.copyOf(buf, n * 2);
                    }
                    buf[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(buf, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        pool.shutdown();
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " operations failed: the numbers would be meaningless");
        }
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    static void post(OkHttpClient http, String url) throws IOException {
        Request r = new Request.Builder().url(url).post(RequestBody.create("{\"amount\":30}",
                MediaType.get("application/json"))).build();
        try (Response resp = http.newCall(r).execute()) {
            if (resp.code() != 200) {
                throw new IOException("branch answered " + resp.code());
            }
            resp.body().string();
        }
    }

    static HttpServer branchService() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = OK.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "branch-service");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
