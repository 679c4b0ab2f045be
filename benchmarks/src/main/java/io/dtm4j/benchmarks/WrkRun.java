package io.dtm4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (2 threads, 10 connections, the set-up the official server's figure was taken with) with
 * {@code benchmarks/wrk/saga.lua} against a running server and reads its throughput and latency percentiles.
 * A light native client leaves both cores to the server, unlike the Java harness.
 */
final class WrkRun {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private WrkRun() {
    }

    /** Whether wrk is on the PATH. */
    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * One wrk run after a short warm-up.
     *
     * @param name the row's name
     * @param serverUrl e.g. {@code http://127.0.0.1:36789}
     * @param branchBase the branch service's base URL, or empty for empty branch URLs
     * @param seconds how long to measure
     */
    static SagaLoad.Result run(String name, String serverUrl, String branchBase, int seconds) throws Exception {
        wrk(serverUrl, branchBase, 3);
        String out = wrk(serverUrl, branchBase, seconds);
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        Matcher failed = NON_2XX.matcher(out);
        if (failed.find()) {
            throw new IllegalStateException(failed.group(1) + " sagas did not succeed under wrk:\n" + out);
        }
        double ops = Double.parseDouble(rate.group(1));
        System.out.printf(Locale.ROOT, "%s: %.0f ops/s%n", name, ops);
        return new SagaLoad.Result(name, ops, percentile(out, "50"), percentile(out, "90"), percentile(out, "99"));
    }

    private static String wrk(String serverUrl, String branchBase, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c10", "-d" + seconds + "s", "--latency",
                "-s", "benchmarks/wrk/saga.lua", serverUrl));
        if (!branchBase.isEmpty()) {
            command.addAll(List.of("--", branchBase));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return out;
    }

    /** A latency percentile line such as {@code 90%    5.32ms} in milliseconds. */
    private static double percentile(String out, String p) {
        Matcher m = Pattern.compile("\\s" + p + "%\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
