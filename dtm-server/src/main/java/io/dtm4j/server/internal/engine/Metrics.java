package io.dtm4j.server.internal.engine;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The official server's Prometheus metrics (spec §9), written in the text exposition format: API calls and their
 * latency, processing rounds and their age, branch calls. The {@code api} label is the operation name without the
 * query string (the official server includes it; spec §9 allows the fix).
 */
public final class Metrics {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();

    public void apiCall(String api, boolean ok, double seconds) {
        count("dtm_server_process_total{type=\"http\",api=\"" + api + "\",status=\"" + (ok ? "ok" : "fail") + "\"}");
        observe("dtm_server_response_duration", "type=\"http\",api=\"" + api + "\"", seconds);
    }

    public void round(String model, boolean ok, double secondsSinceCreation) {
        count("dtm_transaction_process_total{model=\"" + model + "\",status=\"" + (ok ? "ok" : "fail") + "\"}");
        observe("dtm_transaction_handled_duration", "model=\"" + model + "\"", secondsSinceCreation);
    }

    public void branch(String model, String branchId, String op, boolean ok) {
        count("dtm_branch_process_total{model=\"" + model + "\",branchid=\"" + branchId + "\",branchtype=\"" + op
                + "\",status=\"" + (ok ? "ok" : "fail") + "\"}");
    }

    private void count(String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void observe(String name, String labels, double value) {
        histograms.computeIfAbsent(name + "|" + labels, k -> new Histogram()).observe(value);
    }

    /** The exposition text. */
    public String scrape(String version) {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE dtm_server_info gauge\n");
        out.append("dtm_server_info{version=\"").append(version).append("\"} 1\n");
        Map<String, StringBuilder> byName = new TreeMap<>();
        new TreeMap<>(counters).forEach((key, value) -> byName.computeIfAbsent(key.substring(0, key.indexOf('{')),
                n -> new StringBuilder("# TYPE " + n + " counter\n")).append(key).append(' ').append(value.sum())
                .append('\n'));
        new TreeMap<>(histograms).forEach((key, h) -> {
            String name = key.substring(0, key.indexOf('|'));
            String labels = key.substring(key.indexOf('|') + 1);
            h.write(byName.computeIfAbsent(name, n -> new StringBuilder("# TYPE " + n + " histogram\n")), name,
                    labels);
        });
        byName.values().forEach(out::append);
        return out.toString();
    }

    private static final class Histogram {
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double value) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (value <= BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(value);
        }

        void write(StringBuilder out, String name, String labels) {
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append(name).append("_bucket{").append(labels).append(",le=\"")
                        .append(String.format(Locale.ROOT, "%s", BUCKETS[i])).append("\"} ").append(buckets[i].sum())
                        .append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count.sum())
                    .append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(count.sum()).append('\n');
        }
    }
}
