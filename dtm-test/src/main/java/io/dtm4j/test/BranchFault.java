package io.dtm4j.test;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the {@link DtmTestServer} injects into its calls to the application's branches: the cases that break real
 * participants (a call delivered twice, a compensation before its action, a try after its cancel, a transient
 * error, a lost reply, a slow branch). Immutable: the factory methods make one, {@link #on(String)},
 * {@link #op(String)}, {@link #gid(String)} and {@link #times(int)} return a narrowed copy.
 *
 * <pre>{@code
 * dtm.inject(BranchFault.callTwice().on("/api/TransIn"));          // TransIn's action delivered twice
 * dtm.inject(BranchFault.ongoing(2).on("/api/TransIn"));           // ONGOING twice, then the real call
 * dtm.inject(BranchFault.compensationFirst().on("/api/TransOut")); // null compensation, then the action
 * }</pre>
 *
 * <p>A fault applies to the first {@link #times() n} matching calls (1 unless said otherwise) and is then spent;
 * when several match a call, the one injected first applies.
 */
public final class BranchFault {

    /** What a fault does to a matching call. */
    public enum Kind {
        /** Answers in the application's place (the application is not called). */
        ANSWER,
        /** Calls the application twice and passes on the second answer. */
        CALL_TWICE,
        /** Calls the branch's compensation before its action (a null compensation, then a hanging action). */
        COMPENSATION_FIRST,
        /** Calls the cancel, then the branch's try with the same body (a hanging try). */
        TRY_AFTER_CANCEL,
        /** Calls the application, then drops its answer as if the connection broke. */
        LOSE_REPLY,
        /** Waits, then calls the application. */
        DELAY
    }

    private final Kind kind;
    private final int status;
    private final String body;
    private final Duration delay;
    private final String tryUrl;
    private final String urlSuffix;
    private final String op;
    private final String gid;
    private final int times;

    private BranchFault(Kind kind, int status, String body, Duration delay, String tryUrl, String urlSuffix,
            String op, String gid, int times) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.delay = delay;
        this.tryUrl = tryUrl;
        this.urlSuffix = urlSuffix;
        this.op = op;
        this.gid = gid;
        this.times = times;
    }

    private static BranchFault of(Kind kind, int status, String body, Duration delay, String tryUrl, String op,
            int times) {
        return new BranchFault(kind, status, body, delay, tryUrl, null, op, null, times);
    }

    /**
     * Answers {@code 425 {"dtm_result":"ONGOING"}} in the application's place: the server retries later.
     *
     * @param times how many calls are answered so before the application is called
     * @return the fault
     */
    public static BranchFault ongoing(int times) {
        return of(Kind.ANSWER, 425, "{\"dtm_result\":\"ONGOING\"}", null, null, null, positive(times));
    }

    /**
     * Answers {@code 500} in the application's place: a transient error the server retries with back-off.
     *
     * @param times how many calls are answered so before the application is called
     * @return the fault
     */
    public static BranchFault error(int times) {
        return of(Kind.ANSWER, 500, "{\"error\":\"injected by the test\"}", null, null, null, positive(times));
    }

    /**
     * Answers {@code 409 {"dtm_result":"FAILURE"}} in the application's place, once: the business failure that
     * rolls the transaction back.
     *
     * @return the fault
     */
    public static BranchFault failure() {
        return of(Kind.ANSWER, 409, "{\"dtm_result\":\"FAILURE\"}", null, null, null, 1);
    }

    /**
     * Delivers the call twice (a retry after a reply the network lost) and passes on the second answer.
     *
     * @return the fault
     */
    public static BranchFault callTwice() {
        return of(Kind.CALL_TWICE, 0, null, null, null, null, 1);
    }

    /**
     * Before a saga action, calls the same branch's compensation (with the compensation's own payload): the null
     * compensation, followed by the action that arrives after it (hanging). Matches {@code action} calls.
     *
     * @return the fault
     */
    public static BranchFault compensationFirst() {
        return of(Kind.COMPENSATION_FIRST, 0, null, null, null, "action", 1);
    }

    /**
     * After a TCC cancel, calls the branch's try at {@code tryUrl} with the cancel's body (the try data): the try
     * that arrives after its cancel (hanging). Matches {@code cancel} calls.
     *
     * @param tryUrl the try endpoint of the branch, which the server never learns from the protocol
     * @return the fault
     */
    public static BranchFault tryAfterCancel(String tryUrl) {
        if (tryUrl == null || okhttp3.HttpUrl.parse(tryUrl) == null) {
            throw new IllegalArgumentException("tryAfterCancel needs the try's http(s) URL but got '" + tryUrl + "'");
        }
        return of(Kind.TRY_AFTER_CANCEL, 0, null, null, tryUrl, "cancel", 1);
    }

    /**
     * Calls the application, then drops its answer as a broken connection would: the work ran, the server does
     * not know and calls again.
     *
     * @return the fault
     */
    public static BranchFault loseReply() {
        return of(Kind.LOSE_REPLY, 0, null, null, null, null, 1);
    }

    /**
     * Waits before calling the application: a slow network or a branch queued behind others. A delay longer than
     * the transaction's request timeout makes the server give up on the call (it sees a timeout and retries later)
     * while the request still reaches the application, late: the history records it with "(arrived after the
     * server's timeout)".
     *
     * @param delay how long to wait
     * @return the fault
     */
    public static BranchFault delay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("the delay must be zero or more but was " + delay);
        }
        return of(Kind.DELAY, 0, null, delay, null, null, 1);
    }

    /**
     * Narrows the fault to branch URLs whose path ends with {@code urlSuffix}, for example {@code "/api/TransIn"}
     * (which does not match {@code /api/TransInCompensate}).
     *
     * @param urlSuffix the end of the URL before its query
     * @return a narrowed copy
     */
    public BranchFault on(String urlSuffix) {
        return new BranchFault(kind, status, body, delay, tryUrl, Objects.requireNonNull(urlSuffix, "urlSuffix"),
                op, gid, times);
    }

    /**
     * Narrows the fault to one operation ({@code action}, {@code compensate}, {@code confirm}, {@code cancel}, ...).
     *
     * @param op the operation
     * @return a narrowed copy
     */
    public BranchFault op(String op) {
        return new BranchFault(kind, status, body, delay, tryUrl, urlSuffix, Objects.requireNonNull(op, "op"), gid,
                times);
    }

    /**
     * Narrows the fault to one global transaction.
     *
     * @param gid the gid
     * @return a narrowed copy
     */
    public BranchFault gid(String gid) {
        return new BranchFault(kind, status, body, delay, tryUrl, urlSuffix, op, Objects.requireNonNull(gid, "gid"),
                times);
    }

    /**
     * Applies the fault to the first {@code times} matching calls.
     *
     * @param times 1 or more
     * @return a copy with that count
     */
    public BranchFault times(int times) {
        return new BranchFault(kind, status, body, delay, tryUrl, urlSuffix, op, gid, positive(times));
    }

    /** @return what the fault does */
    public Kind kind() {
        return kind;
    }

    /** @return the HTTP status answered by an {@link Kind#ANSWER} fault, 0 otherwise */
    public int status() {
        return status;
    }

    /** @return the body answered by an {@link Kind#ANSWER} fault, {@code null} otherwise */
    public String body() {
        return body;
    }

    /** @return the wait of a {@link Kind#DELAY} fault, {@code null} otherwise */
    public Duration delay() {
        return delay;
    }

    /** @return the try URL of a {@link Kind#TRY_AFTER_CANCEL} fault, {@code null} otherwise */
    public String tryUrl() {
        return tryUrl;
    }

    /** @return how many matching calls the fault applies to */
    public int times() {
        return times;
    }

    /**
     * Whether a call is one this fault is aimed at (its count aside).
     *
     * @param url the URL without its query
     * @param callOp the call's op
     * @param callGid the call's gid
     * @return whether it matches
     */
    public boolean matches(String url, String callOp, String callGid) {
        return (urlSuffix == null || url.endsWith(urlSuffix)) && (op == null || op.equals(callOp))
                && (gid == null || gid.equals(callGid));
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case ANSWER -> "answer " + status + " " + body;
            case CALL_TWICE -> "call twice";
            case COMPENSATION_FIRST -> "compensation first";
            case TRY_AFTER_CANCEL -> "try " + tryUrl + " after the cancel";
            case LOSE_REPLY -> "lose the reply";
            case DELAY -> "delay " + delay;
        };
        return what + (urlSuffix == null ? "" : " on *" + urlSuffix) + (op == null ? "" : " op " + op)
                + (gid == null ? "" : " gid " + gid) + (times == 1 ? "" : " x" + times);
    }

    private static int positive(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be 1 or more but was " + times);
        }
        return times;
    }
}
