package io.dtm4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Open-loop load of the standalone server: sagas submitted at a fixed rate (default 200/s, without
 * {@code wait_result}), each with two branches that take 200 ms, for a fixed time. It reports how many finished per
 * second while the load ran, the backlog left when it stopped, the latency from the submit's scheduled time to the
 * end of the second branch (p50, p99, max: a late submit counts as late), and the server's resident memory idle and
 * at its peak. Several server jars can be given: each is measured in turn in the same run, the first is the
 * baseline of the ratios.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.SustainedLoad [store] [rate] [seconds]
 * [label=jar ...]}; the forked server runs with {@code dtm-server/src/main/dist/jvm.options}, which the environment
 * variable {@code DTM_SERVER_JVM_OPTS} replaces.
 */
public final class SustainedLoad {

    private static final byte[] OK = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
    private static final int BRANCH_MILLIS = 200;

    private SustainedLoad() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "memory";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<String[]> jars = jars(args, 3);
        List<Row> rows = new ArrayList<>();
        for (String[] jar : jars) {
            Row row = measure(jar[0], Path.of(jar[1]), store, rate, seconds);
            System.out.println(row.line(rows.isEmpty() ? row : rows.get(0)));
            rows.add(row);
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; store `" + store + "`; " + rate
                + " sagas/s offered for " + seconds + " s, plain submit (no wait_result), two branches of "
                + BRANCH_MILLIS + " ms each; latency from the scheduled submit to the end of the second branch;"
                + " server JVM options `" + ServerProcess.jvmOptions() + "`.\n\n| server | done/s while loaded"
                + " | vs first | backlog at stop | p50 ms | p99 ms | max ms | drained after s | RSS idle MB"
                + " | RSS peak MB |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n" + String.join("\n", rows.stream()
                        .map(r -> r.line(rows.get(0))).toList()) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/performance.md"), (jars.size() == 1 ? "sustained-"
                : "sustained-compare-") + store, table);
    }

    /** The {@code label=jar} arguments from {@code from} on; the module's own jar when there are none. */
    static List<String[]> jars(String[] args, int from) {
        List<String[]> jars = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            jars.add(kv.length == 2 ? kv : new String[] {Path.of(kv[0]).getFileName().toString(), kv[0]});
        }
        if (jars.isEmpty()) {
            jars.add(new String[] {"dtm-server", "dtm-server/target/dtm-server.jar"});
        }
        return jars;
    }

    record Row(String label, double donePerSecond, long backlog, double p50, double p99, double max,
            double drainSeconds, long rssIdle, long rssPeak) {
        String line(Row base) {
            return String.format(Locale.ROOT, "| %s | %.0f | %.2fx | %d | %.0f | %.0f | %.0f | %.1f | %d | %d |",
                    label, donePerSecond, donePerSecond / base.donePerSecond, backlog, p50, p99, max, drainSeconds,
                    rssIdle, rssPeak);
        }
    }

    private static Row measure(String label, Path jar, String store, int rate, int seconds) throws Exception {
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Map<String, Long> finished = new ConcurrentHashMap<>();
        HttpServer branches = branchService(finished);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService submitters = Executors.newFixedThreadPool(64);
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .build();
        try (ServerProcess server = ServerProcess.start(jar, store)) {
            DtmClient dtm = DtmClient.builder().serverUrl("http://127.0.0.1:" + server.port() + "/api/dtmsvr")
                    .httpClient(http).build();
            String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
            Thread.sleep(2000);
            long rssIdle = server.rssMb();
            AtomicLong errors = new AtomicLong();
            AtomicLong peak = new AtomicLong(rssIdle);
            AtomicLong seq = new AtomicLong();
            long start = System.nanoTime();
            long total = (long) rate * seconds;
            long periodNanos = 1_000_000_000L / rate;
            ticker.scheduleAtFixedRate(() -> {
                long due = (System.nanoTime() - start) / periodNanos + 1;
                while (seq.get() < Math.min(due, total)) {
                    long n = seq.incrementAndGet();
                    String gid = "load-" + label.hashCode() + "-" + start + "-" + n;
                    scheduled.put(gid, start + (n - 1) * periodNanos);
                    submitters.execute(() -> {
                        try {
                            dtm.saga(gid).add(rm + "/TransOut", rm + "/Compensate", RawJson.of("{}"))
                                    .add(rm + "/TransIn", rm + "/Compensate", RawJson.of("{}")).submit();
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                        }
                    });
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            long stop = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < stop) {
                Thread.sleep(200);
                peak.accumulateAndGet(server.rssMb(), Math::max);
            }
            ticker.shutdownNow();
            long doneInWindow = finished.values().stream().filter(t -> t <= stop).count();
            long backlog = seq.get() - finished.size();
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finished.size() < seq.get() - errors.get() && System.nanoTime() < drainDeadline) {
                Thread.sleep(100);
                peak.accumulateAndGet(server.rssMb(), Math::max);
            }
            double drained = (System.nanoTime() - stop) / 1e9;
            if (errors.get() > 0) {
                System.out.println(label + ": " + errors.get() + " submits failed (see " + server.log() + ")");
            }
            long[] latencies = finished.entrySet().stream().mapToLong(e -> e.getValue() - scheduled.get(e.getKey()))
                    .sorted().toArray();
            return new Row(label, doneInWindow / (double) seconds, backlog, pct(latencies, 50), pct(latencies, 99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6, drained, rssIdle,
                    peak.get());
        } finally {
            ticker.shutdownNow();
            submitters.shutdownNow();
            branches.stop(0);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    /** The branches: 200 ms each; the end of TransIn finishes a saga. Stopping the server stops its threads. */
    private static HttpServer branchService(Map<String, Long> finished) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        s.createContext("/", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(BRANCH_MILLIS);
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/TransIn")) {
                    String q = exchange.getRequestURI().getRawQuery();
                    String gid = Arrays.stream(q.split("&")).filter(p -> p.startsWith("gid=")).findFirst()
                            .orElse("gid=").substring(4);
                    finished.putIfAbsent(gid, System.nanoTime());
                }
                exchange.sendResponseHeaders(200, OK.length);
                out.write(OK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.setExecutor(Executors.newFixedThreadPool(400, r -> {
            Thread t = new Thread(r, "branch");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }
}
