package io.dtm4j.client;

import io.dtm4j.client.internal.CallTarget;
import io.dtm4j.client.internal.HttpTransport;
import io.dtm4j.client.internal.Texts;
import io.dtm4j.client.internal.Urls;
import io.dtm4j.client.internal.WireBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        String label = gid == null ? "(new)" : gid;
        String url = Urls.branch(action, "msg action of step " + index, label, true);
        payloads.add(client.json().payload(payload, "payload of msg step " + index, label));
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
        payloads.add(client.json().payload(payload, "payload of msg step " + index, gid == null ? "(new)" : gid));
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
            throw new IllegalArgumentException("delay must be positive but was " + delay);
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
        String url = Urls.branch(queryPrepared, "msg query-prepared", gid, false);
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
        String url = Urls.branch(queryPrepared, "msg query-prepared", gid, false);
        prepare(url);
        BranchContext barrier = new BranchContext(TransType.MSG.wireName(), gid, "00", "msg", client.serverUrl(),
                null);
        Exception workError = null;
        try {
            work.run(barrier);
        } catch (Exception e) {
            workError = e;
        }
        DtmResult decision = workError == null ? DtmResult.SUCCESS
                : workError instanceof DtmFailureException ? DtmResult.FAILURE : askQueryPrepared(url, barrier);
        if (decision == DtmResult.FAILURE) {
            abortQuietly(workError);
        } else if (decision == DtmResult.SUCCESS) {
            submit();
        } else {
            log.warn("msg gid {}: local work failed and {} gave no clear answer; the server will ask it again",
                    gid, url);
        }
        if (workError instanceof RuntimeException re) {
            throw re;
        }
        if (workError != null) {
            throw new DtmException("msg gid '" + gid + "': the local work threw " + workError + " (see the cause)",
                    workError, DtmException.NO_STATUS, null, gid, "00", "msg");
        }
        return gid;
    }

    private DtmResult askQueryPrepared(String url, BranchContext barrier) {
        HttpUrl target = Urls.withQuery(url, barrier.toQuery());
        CallTarget callTarget = CallTarget.branch("msg query-prepared", gid, "00", "msg");
        try {
            HttpTransport.Answer answer = client.transport().execute(HttpTransport.get(target).build(), callTarget);
            return DtmResult.of(answer.status(), answer.body());
        } catch (DtmException unreachable) {
            return DtmResult.ERROR;
        }
    }

    private void abortQuietly(Exception cause) {
        TransRequest.Builder abort = TransRequest.builder(gid, TransType.MSG);
        if (cause != null) {
            abort.rollbackReason(Texts.reason(cause));
        }
        try {
            client.abort(abort.build());
        } catch (DtmException e) {
            log.warn("msg gid {}: abort failed; the server's back-check will find the rollback: {}", gid,
                    e.getMessage());
        }
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
