package io.dtm4j.server;

import io.dtm4j.server.internal.engine.Cron;
import io.dtm4j.server.internal.engine.Engine;
import io.dtm4j.server.internal.engine.Metrics;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.RoundRunner;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.internal.engine.TransService;
import io.dtm4j.server.internal.engine.Validation;
import io.dtm4j.server.internal.http.NettyHttpServer;
import io.dtm4j.server.internal.http.Router;
import io.dtm4j.server.internal.store.TransStore;
import io.dtm4j.server.store.DtmStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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

    /** The version this server reports on {@code GET /api/dtmsvr/version}. */
    public static final String VERSION = "v1.19.0-dtm4j";

    private final NettyHttpServer http;
    private final TransStore store;
    private final Cron cron;
    private final RoundRunner rounds;
    private final ExecutorService apiThreads;
    private final ExecutorService branchCalls;
    private final ExecutorService background;
    private final Thread cronThread;
    private final OkHttpClient client;

    private DtmServer(DtmServerConfig config) throws IOException {
        DtmStore chosen = config.store().get();
        if (!(chosen instanceof TransStore opened)) {
            throw new IllegalArgumentException("the store " + chosen + " is not one of the server's own (make it"
                    + " with io.dtm4j.server.store.Stores)");
        }
        this.store = opened;
        OkHttpClient.Builder http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 5,
                TimeUnit.MINUTES)).connectTimeout(config.requestTimeout()).readTimeout(Duration.ZERO);
        config.branchCallInterceptors().forEach(http::addInterceptor);
        java.util.List<String> prefixes = config.security().branchUrlPrefixes();
        if (!prefixes.isEmpty()) {
            // Every hop, redirects included, must stay within the allowed prefixes.
            http.addNetworkInterceptor(chain -> {
                String url = chain.request().url().toString();
                if (prefixes.stream().noneMatch(url::startsWith)) {
                    throw new IOException("the call to " + url + " is outside the allowed branch URL prefixes");
                }
                return chain.proceed(chain.request());
            });
        }
        this.client = http.build();
        this.client.dispatcher().setMaxRequestsPerHost(256);
        ServerLimits limits = config.limits();
        // Concurrent saga branches; sequential calls are made on the round thread itself.
        this.branchCalls = bounded(1024, 8192, "dtm-branch-");
        this.background = bounded(limits.roundThreads(), limits.roundQueue(), "dtm-round-");
        this.apiThreads = bounded(limits.apiThreads(), limits.apiQueue(), "dtm-api-");
        Metrics metrics = new Metrics();
        Validation rules = new Validation(config.security().branchUrlPrefixes(), store.maxPayloadBytes());
        Engine engine = new Engine(store, config, client, branchCalls, metrics);
        this.rounds = new RoundRunner(engine, background);
        this.cron = new Cron(engine, rounds, Math.max(1, limits.roundThreads() / 4));
        TopicService topics = new TopicService(store, rules);
        Router router = new Router(new TransService(engine, rounds, topics, rules), new AdminService(engine), topics,
                store, VERSION, metrics, config.security(), apiThreads, rounds);
        // Before the port opens: a submit accepted from then on keeps the lease it takes.
        int resumed = store.dueAtStart(config.clock().instant());
        if (resumed > 0) {
            org.slf4j.LoggerFactory.getLogger(DtmServer.class).info("{} unfinished transaction(s) left by the"
                    + " previous run are due now and resume at once", resumed);
        }
        try {
            this.http = new NettyHttpServer(config.host(), config.httpPort(), limits, router);
        } catch (RuntimeException e) {
            stopThreads();
            store.close();
            throw new IOException(e.getMessage(), e);
        }
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
        return http.port();
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
    public DtmStore store() {
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
        http.close();
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
        for (ExecutorService pool : new ExecutorService[] {apiThreads, background, branchCalls}) {
            pool.shutdownNow();
        }
        try {
            for (ExecutorService pool : new ExecutorService[] {apiThreads, background, branchCalls}) {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static ExecutorService bounded(int threads, int queue, String prefix) {
        return io.dtm4j.server.internal.pool.ElasticPool.create(threads, queue, prefix);
    }

    private static ThreadFactory daemon(String prefix) {
        return NettyHttpServer.daemon(prefix);
    }
}
