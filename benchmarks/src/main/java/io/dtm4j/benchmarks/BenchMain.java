package io.dtm4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a benchmark group with JMH, prints each candidate's ratio to the baseline measured in the same run, and
 * writes the table into docs/performance.md (between the group's markers).
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar barrier [path/to/performance.md]}
 */
public final class BenchMain {

    /** Candidate benchmark -> its baseline, per group. */
    private static final Map<String, Map<String, String>> GROUPS = Map.of("barrier-jdbc", pairs(
            "JdbcBarrierBenchmark.barrierTransaction", "JdbcBarrierBenchmark.bareTransaction",
            "JdbcBarrierBenchmark.bareTransactionPlusInsert", "JdbcBarrierBenchmark.bareTransaction"),
            "barrier", pairs(
            "JdbcBarrierBenchmark.barrierTransaction", "JdbcBarrierBenchmark.bareTransaction",
            "JdbcBarrierBenchmark.bareTransactionPlusInsert", "JdbcBarrierBenchmark.bareTransaction",
            "RedisBarrierBenchmark.barrierAdjust", "RedisBarrierBenchmark.bareIncrBy"),
            "starter", pairs("AnnotationBenchmark.annotatedSaga", "AnnotationBenchmark.templateSaga"),
            "barrier-mybatis", pairs(
            "MybatisBarrierBenchmark.barrierTransaction", "MybatisBarrierBenchmark.bareTransaction",
            "JdbcBarrierBenchmark.barrierTransaction", "JdbcBarrierBenchmark.bareTransaction"));

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        String group = args.length > 0 ? args[0] : "barrier";
        Path doc = Path.of(args.length > 1 ? args[1] : "docs/performance.md");
        Map<String, String> pairs = GROUPS.get(group);
        if (pairs == null) {
            throw new IllegalArgumentException("unknown benchmark group '" + group + "' (known: " + GROUPS.keySet()
                    + ")");
        }
        OptionsBuilder options = new OptionsBuilder();
        pairs.forEach((candidate, baseline) -> {
            options.include("\\." + candidate + "$");
            options.include("\\." + baseline + "$");
        });
        Options opts = options.forks(1)
                .warmupIterations(intEnv("BENCH_WARMUPS", 3)).warmupTime(TimeValue.seconds(intEnv("BENCH_SECONDS", 3)))
                .measurementIterations(intEnv("BENCH_ITERATIONS", 5))
                .measurementTime(TimeValue.seconds(intEnv("BENCH_SECONDS", 3)))
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        String table = table(results, pairs);
        System.out.println();
        System.out.println(table);
        PerformanceDoc.replaceSection(doc, group, table);
        System.out.println("written to " + doc.toAbsolutePath());
    }

    static String table(Collection<RunResult> results, Map<String, String> pairs) {
        Map<String, Result<?>> byKey = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String db = r.getParams().getParam("db");
            byKey.put(shortName + (db == null ? "" : "|" + db), r.getPrimaryResult());
        }
        List<String> rows = new ArrayList<>();
        rows.add("| candidate | baseline | params | candidate µs/op | baseline µs/op | ratio |");
        rows.add("|---|---|---|---|---|---|");
        for (Map.Entry<String, Result<?>> e : byKey.entrySet()) {
            String[] key = e.getKey().split("\\|");
            String baseline = pairs.get(key[0]);
            if (baseline == null) {
                continue;
            }
            Result<?> base = byKey.get(baseline + (key.length > 1 ? "|" + key[1] : ""));
            Result<?> cand = e.getValue();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.1f ± %.1f | %.1f ± %.1f | **%.2fx** |", key[0],
                    baseline, key.length > 1 ? "db=" + key[1] : "-", cand.getScore(), cand.getScoreError(),
                    base.getScore(), base.getScoreError(), cand.getScore() / base.getScore()));
        }
        return "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "; JMH average time, 1 thread, 1 fork.\n\n"
                + String.join("\n", rows) + "\n";
    }

    private static Map<String, String> pairs(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    /** Keeps generated sections of docs/performance.md between markers, leaving the prose around them alone. */
    static final class PerformanceDoc {

        private PerformanceDoc() {
        }

        static void replaceSection(Path doc, String group, String body) throws IOException {
            String begin = "<!-- BEGIN generated: " + group + " -->";
            String end = "<!-- END generated: " + group + " -->";
            String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n";
            String section = begin + "\n" + body + end;
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from >= 0 && to > from) {
                text = text.substring(0, from) + section + text.substring(to + end.length());
            } else {
                text = text.stripTrailing() + "\n\n" + section + "\n";
            }
            Files.createDirectories(doc.toAbsolutePath().getParent());
            Files.writeString(doc, text);
        }
    }
}
