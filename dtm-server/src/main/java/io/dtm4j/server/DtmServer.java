package io.dtm4j.server;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.server.internal.engine.Cron;
import io.dtm4j.server.internal.engine.Engine;
import io.dtm4j.server.internal.engine.Metrics;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.RoundRunner;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.internal.engine.TransService;
import io.dtm4j.server.internal.http.HttpApi;
import io.dtm4j.server.store.TransStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * A DTM server in this process: the official HTTP API on one port, the engine and its cron. Start one per test
 * (or per dev application) and close it when done.
 *
 * <pre>{@code
 * try (DtmServer dtm = DtmServer.start(DtmServerConfig.builder().httpPort(0).build())) {
 *     DtmClient client = DtmClient.create(dtm.url());
 *     ...
 * }
 * }</pre>
 */
public final class DtmServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs add ~40 ms to every answer. Read once when the JDK's server configuration loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The version this server reports on {@code GET /api/dtmsvr/version}. */
    public static final String VERSION = "v1.19.0-dtm4j";

    private final HttpServer http;
    private final TransStore store;
    private final Cron cron;
    private final RoundRunner rounds;
    private final ExecutorService httpThreads;
    private final ExecutorService branchCalls;
    private final ExecutorService background;
    private final Thread cronThread;
    private final OkHttpClient client;

    private DtmServer(DtmServerConfig config) throws IOException {
        this.store = config.store().get();
        this.client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .connectTimeout(config.requestTimeout()).readTimeout(Duration.ZERO).build();
        this.client.dispatcher().setMaxRequestsPerHost(256);
        this.branchCalls = Executors.newCachedThreadPool(daemon("dtm-branch-"));
        this.background = Executors.newFixedThreadPool(32, daemon("dtm-round-"));
        Metrics metrics = new Metrics();
        Engine engine = new Engine(store, config, client, branchCalls, metrics);
        this.rounds = new RoundRunner(engine, background);
        this.cron = new Cron(engine, rounds);
        this.httpThreads = Executors.newFixedThreadPool(config.httpThreads(), daemon("dtm-http-"));
        try {
            this.http = HttpServer.create(new InetSocketAddress(config.host(), config.httpPort()), 512);
        } catch (IOException e) {
            stopThreads();
            store.close();
            throw e;
        }
        TopicService topics = new TopicService(store);
        HttpApi api = new HttpApi(new TransService(engine, rounds, topics), new AdminService(engine), topics, store,
                VERSION, metrics);
        http.createContext("/api/", api);
        http.createContext("/api/json-rpc", api.jsonRpc());
        http.setExecutor(httpThreads);
        http.start();
        this.cronThread = config.cronEnabled() ? daemon("dtm-cron-").newThread(cron) : null;
        if (cronThread != null) {
            cronThread.start();
        }
    }

    /**
     * Starts a server.
     *
     * @param config the settings
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static DtmServer start(DtmServerConfig config) {
        try {
            return new DtmServer(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the DTM server on " + config.host() + ":"
                    + config.httpPort() + ": " + e.getMessage() + " (is the port taken? use httpPort(0) for a free"
                    + " one)", e);
        }
    }

    /**
     * Starts a server on a free port of 127.0.0.1 with an in-memory store: what tests want.
     *
     * @return the running server
     */
    public static DtmServer startEmbedded() {
        return start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).build());
    }

    /**
     * The port the HTTP API listens on.
     *
     * @return the port
     */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * The API base for clients, e.g. {@code http://127.0.0.1:36789/api/dtmsvr}.
     *
     * @return the URL
     */
    public String url() {
        return "http://127.0.0.1:" + port() + "/api/dtmsvr";
    }

    /**
     * The store the server uses.
     *
     * @return the store
     */
    public TransStore store() {
        return store;
    }

    /**
     * Test hook: leases and processes one due transaction now, as the cron would.
     *
     * @return whether a transaction was due
     */
    public boolean runCronOnce() {
        return cron.runOnce();
    }

    /**
     * Test hook: tells the listener the gid after every processing round.
     *
     * @param listener called on the round's thread
     */
    public void onRoundProcessed(Consumer<String> listener) {
        rounds.onRoundProcessed(listener);
    }

    /** Stops the listener, the cron and the worker threads. */
    @Override
    public void close() {
        cron.stop();
        http.stop(0);
        if (cronThread != null) {
            cronThread.interrupt();
            try {
                cronThread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopThreads();
        store.close();
    }

    private void stopThreads() {
        for (ExecutorService pool : new ExecutorService[] {httpThreads, background, branchCalls}) {
            pool.shutdownNow();
        }
        try {
            for (ExecutorService pool : new ExecutorService[] {httpThreads, background, branchCalls}) {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
