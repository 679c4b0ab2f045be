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
import java.util.List;
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
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.SagaLoad [store] [seconds] [clients]}; the
 * environment variable {@code DTM_SERVER_JVM_OPTS} adds JVM options to the forked server (a profiler, heap).
 */
public final class SagaLoad {

    private static final String OK = "{\"dtm_result\":\"SUCCESS\"}";

    private SagaLoad() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        HttpServer branches = branchService();
        String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
        int port = freePort();
        Path data = java.nio.file.Files.createTempDirectory("dtm-load");
        List<String> command = new ArrayList<>(List.of("java"));
        String jvmOptions = System.getenv().getOrDefault("DTM_SERVER_JVM_OPTS", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", "dtm-server/target/dtm-server.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("STORE_DRIVER", store);
        builder.environment().put("STORE_DATA_DIR", data.toString());
        Process server = builder.start();
        awaitPing(port, server, data);
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .build();
        http.dispatcher().setMaxRequestsPerHost(128);
        try {
            String dtmUrl = "http://127.0.0.1:" + port + "/api/dtmsvr";
            DtmClient dtm = DtmClient.builder().serverUrl(dtmUrl).httpClient(http).build();
            List<String> rows = new ArrayList<>();
            Result base = run("direct (no DTM)", seconds, clients, () -> {
                post(http, rm + "/TransOut");
                post(http, rm + "/TransIn");
            });
            Result empty = run("saga, empty URLs", seconds, clients, () -> dtm.saga()
                    .add("", "", RawJson.of("{}")).add("", "", RawJson.of("{}")).waitResult(true).submit());
            Result real = run("saga, 2 HTTP branches", seconds, clients, () -> dtm.saga()
                    .add(rm + "/TransOut", rm + "/TransOutCompensate", RawJson.of("{\"amount\":30}"))
                    .add(rm + "/TransIn", rm + "/TransInCompensate", RawJson.of("{\"amount\":30}"))
                    .waitResult(true).submit());
            for (Result r : List.of(base, empty, real)) {
                rows.add(r.row(base));
            }
            String wrkNote = " wrk was not found, so the wrk rows are missing (scripts/load.sh installs it).";
            if (WrkRun.available()) {
                String serverUrl = "http://127.0.0.1:" + port;
                rows.add(WrkRun.run("wrk: saga, empty URLs", serverUrl, "", seconds).row(base));
                rows.add(WrkRun.run("wrk: saga, 2 HTTP branches", serverUrl, rm, seconds).row(base));
                wrkNote = " Rows marked wrk: the same sagas sent by `wrk -t2 -c10` (benchmarks/wrk/saga.lua), the"
                        + " official server's set-up, with no Java client on the cores.";
            }
            String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                    + " cores, Java " + System.getProperty("java.version") + "; store `" + store + "`, " + clients
                    + " client threads, " + seconds + " s per scenario after a warm-up; server forked as `java -jar"
                    + " dtm-server.jar`." + wrkNote + "\n\n| scenario | ops/s | p50 ms | p90 ms | p99 ms | vs direct"
                    + " |\n|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
            System.out.println(table);
            BenchMain.PerformanceDoc.replaceSection(Path.of("docs/performance.md"), "server-" + store, table);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            branches.stop(0);
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            http.dispatcher().executorService().shutdown();
        }
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

    private static void post(OkHttpClient http, String url) throws IOException {
        Request r = new Request.Builder().url(url).post(RequestBody.create("{\"amount\":30}",
                MediaType.get("application/json"))).build();
        try (Response resp = http.newCall(r).execute()) {
            if (resp.code() != 200) {
                throw new IOException("branch answered " + resp.code());
            }
            resp.body().string();
        }
    }

    private static HttpServer branchService() throws IOException {
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
