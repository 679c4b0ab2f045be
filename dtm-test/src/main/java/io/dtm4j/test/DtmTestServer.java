package io.dtm4j.test;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransQueryResult;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.store.DtmStore;
import io.dtm4j.server.store.Stores;
import io.dtm4j.test.internal.FaultInterceptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A DTM server in the test's own JVM, on a free port of 127.0.0.1 with an in-memory store, that records every call
 * it makes to the application's branches and can disturb them with {@link BranchFault}s. Start one with
 * {@link #start()} (or let {@link DtmServerExtension} or the Spring test support do it) and close it after.
 *
 * <pre>{@code
 * try (DtmTestServer dtm = DtmTestServer.start()) {
 *     dtm.inject(BranchFault.callTwice().on("/api/TransIn"));
 *     String gid = ...;                                   // the application starts a saga on dtm.url()
 *     dtm.awaitStatus(gid, TransStatus.SUCCEED);
 *     assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action SUCCESS",
 *             "02 action SUCCESS");
 * }
 * }</pre>
 *
 * <p>The server is the real dtm4j server (the same engine as in production), so retries follow the transaction's
 * {@code retry_interval} (10 s unless the transaction sets less): tests with ONGOING or failing branches finish
 * sooner with {@code dtm.options.retry-interval=1s} or {@code TransOptions} of 1 s.
 */
public final class DtmTestServer implements AutoCloseable {

    /** How long {@link #awaitFinal(String)} waits by default. */
    public static final Duration DEFAULT_AWAIT = Duration.ofSeconds(30);

    private final DtmServer server;
    private final DtmClient client;
    private final FaultInterceptor faults;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DtmTestServer(Builder b) {
        DtmClient[] holder = new DtmClient[1];
        this.faults = new FaultInterceptor(gid -> holder[0].query(gid));
        DtmServerConfig.Builder config = DtmServerConfig.builder().host("127.0.0.1").httpPort(0)
                .transCronInterval(Duration.ofMillis(200)).store(b.store).branchCallInterceptor(faults);
        b.customizer.accept(config);
        this.server = DtmServer.start(config.build());
        this.client = DtmClient.create(server.url());
        holder[0] = client;
    }

    /**
     * Starts a server with the defaults: a free port of 127.0.0.1, an in-memory store.
     *
     * @return the running server
     */
    public static DtmTestServer start() {
        return builder().start();
    }

    /**
     * Starts a builder, for another store or other server settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API base to give the application, for example {@code http://127.0.0.1:41234/api/dtmsvr}.
     *
     * @return the URL ({@code dtm.server-url})
     */
    public String url() {
        return server.url();
    }

    /**
     * A client of this server.
     *
     * @return the client
     */
    public DtmClient client() {
        return client;
    }

    /**
     * The server itself, for its store and test hooks.
     *
     * @return the server
     */
    public DtmServer server() {
        return server;
    }

    /**
     * Arms a fault for the next matching branch calls.
     *
     * @param fault the fault
     * @return this server
     */
    public DtmTestServer inject(BranchFault fault) {
        faults.arm(fault);
        return this;
    }

    /**
     * The faults armed and not yet spent.
     *
     * @return each fault with the count left
     */
    public List<String> pendingFaults() {
        return faults.pending();
    }

    /**
     * Makes the server quiet for the next test (the extension does it before each test): forgets armed faults and
     * recorded calls, and force-stops every transaction still unfinished (ends it {@code failed} at once, without
     * compensations), so that nothing an earlier test started is retried into the next test's application (a call
     * already on its way when the test ends may still arrive).
     */
    public void reset() {
        faults.reset();
        Admin.forceStopUnfinished(client, url());
        // Calls recorded by rounds that ran while the transactions were being stopped are forgotten too.
        faults.reset();
    }

    /**
     * Makes every transaction waiting for a retry due now (the operator's {@code resetCronTime}), so a test need
     * not wait out a retry interval after an ONGOING answer or an error.
     *
     * @return how many transactions were made due
     */
    public int retryNow() {
        return Admin.resetCronTime(client, url());
    }

    /**
     * The calls the server made to branches of a transaction, in order, extra calls made by faults included.
     *
     * @param gid the gid
     * @return the calls so far
     */
    public List<BranchCall> calls(String gid) {
        return faults.calls(gid);
    }

    /**
     * The calls in a few words each ({@link BranchCall#summary()}), for assertions on the ordered history.
     *
     * @param gid the gid
     * @return for example {@code ["01 action SUCCESS", "02 action FAILURE", "02 compensate SUCCESS", ...]}
     */
    public List<String> callSummary(String gid) {
        return calls(gid).stream().map(BranchCall::summary).toList();
    }

    /**
     * Waits up to {@link #DEFAULT_AWAIT} for the transaction to reach a final status.
     *
     * @param gid the gid
     * @return the transaction and its branches, final
     * @throws AssertionError when it is not final in time, with its status and calls so far
     */
    public TransQueryResult awaitFinal(String gid) {
        return awaitFinal(gid, DEFAULT_AWAIT);
    }

    /**
     * Waits for the transaction to reach a final status ({@code succeed} or {@code failed}).
     *
     * @param gid the gid
     * @param timeout how long to wait
     * @return the transaction and its branches, final
     * @throws AssertionError when it is not final in time, with its status and calls so far
     */
    public TransQueryResult awaitFinal(String gid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TransQueryResult result = client.query(gid);
            if (result.status().isFinal()) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gid " + gid + " is not final yet after " + timeout.toMillis() + " ms: its"
                        + " status is " + (result.transaction().isEmpty() ? "unknown to the server (never"
                        + " submitted?)" : "'" + result.status().wireName() + "'") + describe(gid)
                        + " (a branch answering ONGOING or an error is retried after the transaction's"
                        + " retry_interval; wait longer or set it lower)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for gid " + gid, e);
            }
        }
    }

    /**
     * Waits for the transaction to finish and checks how.
     *
     * @param gid the gid
     * @param expected {@link TransStatus#SUCCEED} or {@link TransStatus#FAILED}
     * @return the transaction and its branches
     * @throws AssertionError when it ends otherwise or not in time, with its calls
     */
    public TransQueryResult awaitStatus(String gid, TransStatus expected) {
        TransQueryResult result = awaitFinal(gid);
        if (result.status() != expected) {
            throw new AssertionError("gid " + gid + " ended '" + result.status().wireName() + "', expected '"
                    + expected.wireName() + "'" + describe(gid));
        }
        return result;
    }

    private String describe(String gid) {
        List<BranchCall> calls = calls(gid);
        List<String> pending = pendingFaults();
        return "; branch calls: " + (calls.isEmpty() ? "none" : calls) + (pending.isEmpty() ? ""
                : "; faults not yet spent: " + pending);
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
            faults.close();
        }
    }

    /** Builds a {@link DtmTestServer}. */
    public static final class Builder {

        private Supplier<? extends DtmStore> store = Stores::memory;
        private Consumer<DtmServerConfig.Builder> customizer = b -> { };

        private Builder() {
        }

        /**
         * Uses another store, for example {@code () -> Stores.h2File(dir)}.
         *
         * @param store called once at start
         * @return this builder
         */
        public Builder store(Supplier<? extends DtmStore> store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Changes other server settings (the host, port and the fault interceptor are set already).
         *
         * @param customizer called with the server's settings before it starts
         * @return this builder
         */
        public Builder configure(Consumer<DtmServerConfig.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         */
        public DtmTestServer start() {
            return new DtmTestServer(this);
        }
    }
}
