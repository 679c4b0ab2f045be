package io.dtm4j.server;

import io.dtm4j.server.internal.config.ServerSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone server: {@code java -jar dtm-server.jar [-c conf.yml]}. Configuration comes from the official
 * environment variables ({@code HTTP_PORT}, {@code STORE_DRIVER}, ...) and the YAML file, as for the official
 * server; the default store is the embedded H2 file database in {@code ./dtm-data}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Starts the server and runs until the process is stopped.
     *
     * @param args {@code -c file} for a YAML configuration, {@code -r} to reset the store, {@code -d} for debug
     *     logging, {@code -v} for the version, {@code -h} for help
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> {
                    if (i + 1 == args.length) {
                        System.err.println("-c needs a file name (-c conf.yml)");
                        System.exit(2);
                    }
                    config = Path.of(args[++i]);
                }
                case "-r" -> reset = true;
                case "-d" -> System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
                case "-v" -> {
                    System.out.println(DtmServer.VERSION);
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar dtm-server.jar [-c conf.yml] [-r] [-d] [-v]\n"
                            + "  -c conf.yml  configuration file (environment variables are read first)\n"
                            + "  -r           reset the store: drop and recreate its tables, then serve\n"
                            + "  -d           debug logging\n"
                            + "  -v           print the version");
                    return;
                }
                default -> {
                    System.err.println("unknown argument '" + args[i] + "' (use -c conf.yml, -r, -d, -v or -h)");
                    System.exit(2);
                }
            }
        }
        DtmServerConfig settings;
        try {
            settings = ServerSettings.load(System.getenv(), config).toConfig(reset);
        } catch (IllegalArgumentException e) {
            System.err.println("dtm-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        DtmServer server;
        try {
            server = DtmServer.start(settings);
        } catch (RuntimeException e) {
            System.err.println("dtm-server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("dtm-server " + DtmServer.VERSION + " listening on port " + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
