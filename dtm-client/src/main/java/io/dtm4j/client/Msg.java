package io.dtm4j.client;

import io.dtm4j.client.barrier.BarrierWork;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.client.internal.CallTarget;
import io.dtm4j.client.internal.HttpTransport;
import io.dtm4j.client.internal.Urls;
import io.dtm4j.client.internal.WireBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(Msg.class);

    private final List<Map<String, String>> steps = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private Duration delay;
    private boolean concurrent;

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
     * Prepares the message, runs the local work, then submits, so the message is delivered exactly when the local
     * work committed. If the work throws {@link DtmFailureException} the message is aborted; if it throws anything
     * else, the client asks {@code queryPrepared} whether the work committed anyway and submits (SUCCESS), aborts
     * (FAILURE) or leaves the decision to the server's back-check (no clear answer). The work's exception is then
     * rethrown.
     *
     * @param queryPrepared the back-check URL, required
     * @param work the local work
     * @return the gid
     */
    public String doAndSubmit(String queryPrepared, MsgLocalWork work) {
        String url = Urls.branch(queryPrepared, "msg query-prepared", label(), false);
        prepare(url);
        BranchContext barrier = new BranchContext(TransType.MSG.wireName(), gid, "00", "msg", client.serverUrl(),
                null);
        Exception workError = null;
        try {
            work.run(barrier);
        } catch (Exception e) {
            workError = e;
        }
        if (workError == null) {
            submit();
            return gid;
        }
        DtmResult decision = isFailure(workError) ? DtmResult.FAILURE : askQueryPrepared(url, barrier);
        String decided;
        if (decision == DtmResult.FAILURE) {
            decided = abortQuietly(workError) ? "the message was aborted" : "the abort failed; the server's"
                    + " back-check will abort the message";
        } else if (decision == DtmResult.SUCCESS) {
            decided = submitAfter(workError);
        } else {
            decided = "the back-check answered " + decision + ", so the server's back-check decides later";
        }
        if (decision == DtmResult.FAILURE) {
            log.debug("msg gid {}: local work threw {}; {}", gid, workError.toString(), decided);
        } else {
            log.warn("msg gid {}: local work threw {}; {}", gid, workError.toString(), decided);
        }
        if (workError instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (workError instanceof RuntimeException re) {
            throw re;
        }
        throw new DtmException("msg gid '" + gid + "': the local work threw " + workError + "; " + decided
                + " (see the cause)", workError, DtmException.NO_STATUS, null, gid, "00", "msg");
    }

    /**
     * {@link #doAndSubmit(String, MsgLocalWork)} with the local work in a database transaction guarded by the
     * message's barrier (default table), so that {@link JdbcBarrier#queryPrepared} behind {@code queryPrepared}
     * can tell whether it committed.
     *
     * @param queryPrepared the back-check URL, required
     * @param dataSource the local database (with the barrier table)
     * @param work the local work, run in the barrier's transaction
     * @return the gid
     */
    public String doAndSubmit(String queryPrepared, DataSource dataSource, BarrierWork work) {
        return doAndSubmit(queryPrepared, JdbcBarrier.defaults(), dataSource, work);
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
        return doAndSubmit(queryPrepared, ctx -> barrier.forBranch(ctx).call(dataSource, work));
    }

    private static boolean isFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DtmFailureException) {
                return true;
            }
        }
        return false;
    }

    private String submitAfter(Exception workError) {
        try {
            submit();
            return "the back-check said the work committed, so the message was submitted";
        } catch (DtmException e) {
            workError.addSuppressed(e);
            return "the back-check said the work committed, but the submit failed (the server's back-check will"
                    + " submit it)";
        }
    }

    private DtmResult askQueryPrepared(String url, BranchContext barrier) {
        HttpUrl target = Urls.withQuery(url, barrier.toQuery());
        CallTarget callTarget = CallTarget.branch("msg query-prepared", gid, "00", "msg");
        try {
            HttpTransport.Answer answer = client.transport().execute(
                    HttpTransport.withHeaders(HttpTransport.get(target), options.build().branchHeaders()).build(),
                    callTarget);
            return DtmResult.of(answer.status(), answer.body());
        } catch (DtmException unreachable) {
            return DtmResult.ERROR;
        }
    }

    private boolean abortQuietly(Exception cause) {
        try {
            client.abort(TransRequest.builder(gid, TransType.MSG).rollbackReason(GlobalRunner.reason(cause))
                    .build());
            return true;
        } catch (DtmException e) {
            cause.addSuppressed(e);
            return false;
        }
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
