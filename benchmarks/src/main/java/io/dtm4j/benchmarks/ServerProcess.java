package io.dtm4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone dtm-server forked for a benchmark: {@code java <options> -jar <jar>} on a free port, with a store
 * in a temporary directory, and the JVM options it ships with ({@code dtm-server/src/main/dist/jvm.options}) unless
 * {@code DTM_SERVER_JVM_OPTS} replaces them. Closing it stops it and deletes its data.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path data;
    private final int port;
    private final boolean ownsData;

    private ServerProcess(Process process, Path data, int port, boolean ownsData) {
        this.process = process;
        this.data = data;
        this.port = port;
        this.ownsData = ownsData;
    }

    /** A server on a fresh data directory and port, its store emptied first ({@code -r}). */
    static ServerProcess start(Path jar, String store) throws Exception {
        return start(jar, Files.createTempDirectory("dtm-bench"), SagaLoad.freePort(), storeEnv(store), true, "-r");
    }

    /**
     * The environment of a store on this machine's services: h2 (the embedded store), memory, mysql (the local
     * MariaDB, database dtm_crash), postgres (the local PostgreSQL, schema dtm_crash), redis (the local Redis,
     * prefix {dtm-bench}).
     */
    static Map<String, String> storeEnv(String store) {
        return switch (store) {
            case "mysql" -> Map.of("STORE_DRIVER", "mysql", "STORE_HOST", "127.0.0.1", "STORE_PORT", "3306",
                    "STORE_USER", "root", "STORE_PASSWORD", "", "STORE_DB", "dtm_crash");
            case "postgres" -> Map.of("STORE_DRIVER", "postgres", "STORE_HOST", "127.0.0.1", "STORE_PORT", "5432",
                    "STORE_USER", "postgres", "STORE_DB", "test", "STORE_SCHEMA", "dtm_crash");
            case "redis" -> Map.of("STORE_DRIVER", "redis", "STORE_HOST", "127.0.0.1", "STORE_PORT", "6379",
                    "STORE_REDIS_PREFIX", "{dtm-bench}");
            default -> Map.of("STORE_DRIVER", store);
        };
    }

    /**
     * A server on a given data directory and port, with extra environment (store settings) and arguments; the
     * directory is kept when it stops unless {@code ownsData}.
     */
    static ServerProcess start(Path jar, Path data, int port, Map<String, String> env, boolean ownsData,
            String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(jvmOptions().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("STORE_DATA_DIR", data.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        // A probe stopped by a signal takes its servers with it (a kill -9 of the probe cannot be caught).
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        ServerProcess server = new ServerProcess(process, data, port, ownsData);
        SagaLoad.awaitPing(port, server.process, data);
        return server;
    }

    /** Kills the process at once ({@code kill -9}) and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** The JVM options of the forked server. */
    static String jvmOptions() throws IOException {
        String env = System.getenv("DTM_SERVER_JVM_OPTS");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        return Files.readString(Path.of("dtm-server/src/main/dist/jvm.options")).trim();
    }

    int port() {
        return port;
    }

    Path log() {
        return data.resolve("server.log");
    }

    /** Resident memory in MB, from /proc (Linux); 0 elsewhere. */
    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (ownsData) {
            deleteTree(data);
        }
    }

    /** Deletes a directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
