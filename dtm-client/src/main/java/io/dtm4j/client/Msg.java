package io.dtm4j.client;

import io.dtm4j.client.barrier.BarrierWork;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.client.internal.Urls;
import io.dtm4j.client.internal.WireBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A 2-phase message: branches the server delivers (and retries until they succeed) once the message is
 * submitted; prepared first so that a local transaction and the message commit together.
 *
 * <pre>{@code
 * dtm.msg()
 *         .add(shipping + "/ship", order)
 *         .doAndSubmit(myService + "/queryPrepared", barrier -> orders.markPaid(order, barrier));
 * }</pre>
 *
 * <p>Branch ids on the wire are {@code 01}, {@code 02}... in the order of {@link #add}; a topic step fans out to
 * every subscriber ({@code 01-01}, {@code 01-02}). Built by one thread and sent once.
 */
public final class Msg extends AbstractTransaction<Msg> {

    private final List<Map<String, String>> steps = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private Duration delay;
    private boolean concurrent;
    private MsgLocalTransaction localTransaction = MsgLocalTransaction.direct();

    Msg(DtmClient client, String gid) {
        super(client, TransType.MSG, gid);
    }

    /**
     * Adds a branch.
     *
     * @param action the branch URL; empty for a step the server treats as done
     * @param payload its body (serialised with Jackson; {@link RawJson} as is)
     * @return this message
     */
    public Msg add(String action, Object payload) {
        int index = steps.size();
        String url = Urls.branch(action, "msg action of step " + index, label(), true);
        payloads.add(client.json().payload(payload, "payload of msg step " + index, label()));
        steps.add(Map.of("action", url));
        return this;
    }

    /**
     * Adds a branch per subscriber of a topic ({@code topic://<name>}); the server resolves the subscribers.
     *
     * @param topic the topic name, not blank
     * @param payload the body (serialised with Jackson; {@link RawJson} as is)
     * @return this message
     */
    public Msg addTopic(String topic, Object payload) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank but was '" + topic
                    + "' (subscribe URLs to a topic on the server first)");
        }
        int index = steps.size();
        payloads.add(client.json().payload(payload, "payload of msg step " + index, label()));
        steps.add(Map.of("action", "topic://" + topic));
        return this;
    }

    /**
     * Delays delivery until this long after the message was created (sent with {@link #submit()} only).
     *
     * @param delay positive; whole seconds on the wire
     * @return this message
     */
    public Msg delay(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive but was " + delay
                    + " (leave it unset for immediate delivery)");
        }
        this.delay = delay;
        return this;
    }

    /**
     * Sets whether the server delivers the branches in parallel.
     *
     * @param concurrent {@code true} for parallel delivery
     * @return this message
     */
    public Msg concurrent(boolean concurrent) {
        this.concurrent = concurrent;
        return this;
    }

    /**
     * Prepares the message: the server stores it and, if it is not submitted before it times out, asks
     * {@code queryPrepared} whether the local transaction committed.
     *
     * @param queryPrepared the back-check URL, required
     * @return the gid
     */
    public String prepare(String queryPrepared) {
        String url = Urls.branch(queryPrepared, "msg query-prepared", label(), false);
        client.prepare(request(ensureGid()).queryPrepared(url).build());
        return gid;
    }

    /**
     * Submits the message; the server then delivers every branch.
     *
     * @return the gid
     */
    public String submit() {
        TransRequest.Builder request = request(ensureGid());
        if (delay != null) {
            request.customData("{\"delay\":" + WireBodies.seconds(delay) + "}");
        }
        client.submit(request.build());
        return gid;
    }

    /**
     * Sets how {@code doAndSubmit} runs the local transaction (default {@link MsgLocalTransaction#direct()}; the
     * Spring Boot starter's template sets one that joins the caller's Spring transaction).
     *
     * @param localTransaction the strategy
     * @return this message
     */
    public Msg localTransaction(MsgLocalTransaction localTransaction) {
        this.localTransaction = Objects.requireNonNull(localTransaction, "localTransaction");
        return this;
    }

    /**
     * Prepares the message, runs the local work, then submits, so the message is delivered exactly when the local
     * work committed. How the work runs and how its end is learnt is the {@link #localTransaction strategy}'s; the
     * decision is always the same: committed, submit; a {@link DtmFailureException} (also as a cause), abort; any
     * other error, ask {@code queryPrepared} whether the work committed anyway and submit (SUCCESS), abort (FAILURE)
     * or leave the decision to the server's back-check (no clear answer). The work's exception is then rethrown
     * (checked ones wrapped in a {@link DtmException}), a failed submit or abort attached to it as suppressed. A
     * submit that fails after the commit is logged, not thrown: the message is prepared, and the server's back-check
     * delivers it; with {@code waitResult}, the server's answer about the delivery is thrown.
     *
     * @param queryPrepared the back-check URL, required
     * @param work the local work
     * @return the gid
     */
    public String doAndSubmit(String queryPrepared, MsgLocalWork work) {
        return start(queryPrepared).run((barrier, ending) -> localTransaction.execute(barrier, work, ending));
    }

    /**
     * {@link #doAndSubmit(String, MsgLocalWork)} with the local work in a database transaction that also writes the
     * message's barrier row, so that {@link JdbcBarrier#queryPrepared} behind {@code queryPrepared} can tell whether
     * it committed; the barrier settings are the strategy's (the default table for the direct strategy, the
     * configured one in a Spring application).
     *
     * @param queryPrepared the back-check URL, required
     * @param dataSource the local database (with the barrier table)
     * @param work the local work, run in the barrier's transaction
     * @return the gid
     */
    public String doAndSubmit(String queryPrepared, DataSource dataSource, BarrierWork work) {
        return start(queryPrepared).run((barrier, ending) -> localTransaction.execute(barrier, dataSource, null,
                work, ending));
    }

    /**
     * {@link #doAndSubmit(String, DataSource, BarrierWork)} with a barrier of your own settings.
     *
     * @param queryPrepared the back-check URL, required
     * @param barrier the barrier settings (table, dialect)
     * @param dataSource the local database
     * @param work the local work, run in the barrier's transaction
     * @return the gid
     */
    public String doAndSubmit(String queryPrepared, JdbcBarrier barrier, DataSource dataSource, BarrierWork work) {
        Objects.requireNonNull(barrier, "barrier");
        return start(queryPrepared).run((ctx, ending) -> localTransaction.execute(ctx, dataSource, barrier, work,
                ending));
    }

    /** A DtmFailureException anywhere in the cause chain: the work failed for good. */
    static boolean isFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DtmFailureException) {
                return true;
            }
        }
        return false;
    }

    private MsgRun start(String queryPrepared) {
        String url = Urls.branch(queryPrepared, "msg query-prepared", label(), false);
        ensureGid();
        return new MsgRun(this, url, new BranchContext(TransType.MSG.wireName(), gid, "00", "msg",
                client.serverUrl(), null));
    }

    private String label() {
        return gid == null ? "(new)" : gid;
    }

    private TransRequest.Builder request(String id) {
        TransRequest.Builder request = TransRequest.builder(id, TransType.MSG).options(options.build())
                .concurrent(concurrent);
        for (int i = 0; i < steps.size(); i++) {
            request.step(steps.get(i), payloads.get(i));
        }
        return request;
    }
}
