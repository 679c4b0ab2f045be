package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.internal.store.TransType;
import io.dtm4j.server.internal.store.BranchStatus;
import io.dtm4j.client.DtmResult;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.GlobalTrans;
import io.dtm4j.server.internal.store.TransStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import io.dtm4j.server.internal.json.Json;
import okhttp3.OkHttpClient;
import org.slf4j.LoggerFactory;

/**
 * What every round needs: the store, the clock, the branch invoker, and DTM's rules for status changes,
 * timeouts and retry intervals (spec §6.1, §7.2, §7.5).
 */
public final class Engine {

    final TransStore store;
    final DtmServerConfig config;
    final BranchInvoker invoker;
    final ExecutorService branchCalls;
    final Metrics metrics;
    private final Alerts alerts;
    private final RateLimitedLog failures = new RateLimitedLog(LoggerFactory.getLogger("io.dtm4j.server.branch"));

    public Engine(TransStore store, DtmServerConfig config, OkHttpClient http, ExecutorService branchCalls,
            Metrics metrics) {
        this.store = store;
        this.config = config;
        this.invoker = new BranchInvoker(http);
        this.branchCalls = branchCalls;
        this.metrics = metrics;
        this.alerts = new Alerts(http, config.alertWebHook(), config.alertRetryLimit());
    }

    Instant now() {
        return config.clock().instant();
    }

    /** The reset interval of spec §7.2, in seconds. */
    long resetInterval(TransOpts opts) {
        long server = config.retryInterval().toSeconds();
        if (opts.retryInterval() > 0) {
            return opts.retryInterval();
        }
        if (opts.timeoutToFail() > 0 && opts.timeoutToFail() < server) {
            return opts.timeoutToFail();
        }
        return server;
    }

    /** Spec §7.5: a saga with no timeout never times out; other modes default to the server's. */
    boolean timedOut(Trans t) {
        long timeout = t.opts.timeoutToFail();
        if (timeout == 0) {
            if (t.g.transType == TransType.SAGA) {
                return false;
            }
            timeout = config.timeoutToFail().toSeconds();
        }
        return !now().isBefore(t.createTime.plusSeconds(timeout));
    }

    /** Compare-and-set status change; a lost race ends the round with an error (spec §6.1). */
    void changeStatus(Trans t, TransStatus status, String reason) {
        synchronized (t) {
            changeStatusLocked(t, status, reason, null);
        }
    }

    /** A status change that also stores a workflow's result. */
    void changeStatus(Trans t, TransStatus status, String reason, String result) {
        synchronized (t) {
            changeStatusLocked(t, status, reason, result);
        }
    }

    private void changeStatusLocked(Trans t, TransStatus status, String reason, String result) {
        TransStatus old = t.g.status;
        Instant now = now();
        GlobalTrans next = t.g.copy();
        next.status = status;
        next.updateTime = now;
        if (status == TransStatus.SUCCEED) {
            next.finishTime = now;
        } else if (status == TransStatus.FAILED) {
            next.rollbackTime = now;
        }
        if (reason != null) {
            next.rollbackReason = reason.length() > 1024 ? reason.substring(0, 1024) : reason;
        }
        if (result != null) {
            next.result = result;
        }
        if (!store.changeStatus(next, old, List.copyOf(t.unsaved))) {
            t.unsaved.clear();
            throw ApiException.error("gid '" + t.g.gid + "': status changed concurrently from '" + old
                    + "' (another request or server instance is processing it; query it again)");
        }
        t.unsaved.clear();
        t.lastSaved = now;
        t.g.status = next.status;
        t.g.updateTime = now;
        t.g.finishTime = next.finishTime;
        t.g.rollbackTime = next.rollbackTime;
        t.g.rollbackReason = next.rollbackReason;
        t.g.result = next.result;
    }

    void branchDone(Trans t, BranchTrans b, BranchStatus status) {
        synchronized (t) {
            Instant now = now();
            b.status = status;
            b.updateTime = now;
            if (status == BranchStatus.SUCCEED) {
                b.finishTime = now;
            } else {
                b.rollbackTime = now;
            }
            t.unsaved.add(b);
            if (t.roundEnded || (!t.lastSaved.equals(Instant.MIN) && now.isAfter(t.lastSaved.plusSeconds(1)))) {
                saveBranches(t);
            } else if (t.lastSaved.equals(Instant.MIN)) {
                t.lastSaved = now;
            }
        }
    }

    /**
     * Writes the branch rows finished in this round that are not written yet (the end of every round calls it).
     *
     * @throws ApiException when the transaction left its status meanwhile (the rows are dropped: the calls are
     *     repeated by whoever owns the transaction now)
     */
    void saveBranches(Trans t) {
        synchronized (t) {
            saveBranchesLocked(t);
        }
    }

    /** Ends the round's deferral: what is unsaved is written now, and later results as they come. */
    void endRound(Trans t) {
        synchronized (t) {
            t.roundEnded = true;
            saveBranchesLocked(t);
        }
    }

    private void saveBranchesLocked(Trans t) {
        if (t.unsaved.isEmpty()) {
            return;
        }
        List<BranchTrans> rows = List.copyOf(t.unsaved);
        t.unsaved.clear();
        t.lastSaved = now();
        if (!store.updateBranches(t.g.gid, t.g.status, rows)) {
            throw ApiException.error("gid '" + t.g.gid + "': " + rows.size() + " branch result(s), the first "
                    + rows.get(0).branchId + "/" + rows.get(0).op + ", could not be saved because the"
                    + " transaction left status '" + t.g.status + "' (another request or server instance"
                    + " changed it; the round ends)");
        }
    }

    /** Calls one branch row and applies spec §7.2's interval rules to the transaction. */
    BranchInvoker.Outcome call(Trans t, BranchTrans b) {
        String method = b.binData.length > 0 || t.g.transType == TransType.XA ? "POST" : "GET";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("branch_id", b.branchId);
        query.put("gid", t.g.gid);
        query.put("op", b.op);
        query.put("trans_type", t.g.transType.wire());
        boolean jsonRpc = "json-rpc".equals(t.g.protocol) && b.url.contains("method");
        BranchInvoker.Outcome outcome = jsonRpc
                ? invoker.callJsonRpc(b.url, b.binData, query, t.opts.branchHeaders(), requestTimeout(t))
                : invoker.call(b.url, method, b.binData, query, t.opts.branchHeaders(), requestTimeout(t));
        boolean definiteSagaFailure = outcome.result() == DtmResult.FAILURE && t.g.transType == TransType.SAGA
                && "action".equals(b.op);
        afterCall(t, definiteSagaFailure ? DtmResult.SUCCESS : outcome.result());
        String key = t.g.gid + "/" + b.branchId + "/" + b.op;
        if (outcome.result() == DtmResult.SUCCESS || definiteSagaFailure) {
            failures.forget(key);
        } else if (outcome.result() != DtmResult.ONGOING) {
            failures.warn(key, "gid {} branch {} op {}: {} {} answered {} {}; next try at {}", t.g.gid, b.branchId,
                    b.op, method, Json.loggable(b.url), outcome.httpStatus() == 0 ? "" : outcome.httpStatus(),
                    Json.loggable(outcome.message()), t.g.nextCronTime);
        }
        if (outcome.result() == DtmResult.ERROR || (outcome.result() == DtmResult.FAILURE && !definiteSagaFailure)) {
            alerts.afterError(t, b.url, outcome.message(), resetInterval(t.opts));
        }
        return outcome;
    }

    /**
     * The msg back-check (spec §6.7): FAILURE and SUCCESS are answers, ONGOING resets the interval, other errors
     * back off.
     */
    BranchInvoker.Outcome callBackCheck(Trans t, BranchTrans query) {
        BranchInvoker.Outcome outcome = invoker.call(query.url, "GET", query.binData, Map.of("branch_id", "00",
                "gid", t.g.gid, "op", "msg", "trans_type", "msg"), t.opts.branchHeaders(), requestTimeout(t));
        if (outcome.result() == DtmResult.ONGOING) {
            synchronized (t) {
                long reset = resetInterval(t.opts);
                t.g.nextCronInterval = reset;
                t.g.nextCronTime = now().plusSeconds(reset);
                store.touch(t.g.gid, t.g.status, t.g.owner, t.g.nextCronTime, reset);
            }
        } else {
            afterCall(t, outcome.result() == DtmResult.FAILURE ? DtmResult.SUCCESS : outcome.result());
        }
        return outcome;
    }

    Duration requestTimeout(Trans t) {
        return t.opts.requestTimeout() > 0 ? Duration.ofSeconds(t.opts.requestTimeout()) : config.requestTimeout();
    }

    void afterCall(Trans t, DtmResult result) {
        synchronized (t) {
            touchAfter(t, result);
        }
    }

    private void touchAfter(Trans t, DtmResult result) {
        long reset = resetInterval(t.opts);
        long interval = t.g.nextCronInterval > 0 ? t.g.nextCronInterval : reset;
        Instant now = now();
        if (result == DtmResult.SUCCESS) {
            boolean grown = interval > Math.max(reset, config.retryInterval().toSeconds());
            if (!grown && now.isBefore(t.lastTouched.plusMillis(1500))) {
                return;
            }
            interval = reset;
        } else if (result == DtmResult.ERROR || result == DtmResult.FAILURE) {
            interval = Math.min(interval * 2, Limits.MAX_SECONDS);
        }
        t.g.nextCronInterval = interval;
        t.g.nextCronTime = now.plusSeconds(interval);
        t.lastTouched = now;
        store.touch(t.g.gid, t.g.status, t.g.owner, t.g.nextCronTime, interval);
    }

    /** Marks a branch's row from a call outcome (spec §4.5); returns whether the row is now final. */
    boolean applyOutcome(Trans t, BranchTrans b, BranchInvoker.Outcome outcome) {
        metrics.branch(t.g.transType.wire(), b.branchId, b.op, outcome.result() == DtmResult.SUCCESS);
        if (outcome.result() == DtmResult.SUCCESS) {
            branchDone(t, b, BranchStatus.SUCCEED);
            return true;
        }
        if (outcome.result() == DtmResult.FAILURE && t.g.transType == TransType.SAGA && "action".equals(b.op)) {
            branchDone(t, b, BranchStatus.FAILED);
            return true;
        }
        t.recordError(outcome.result(), outcome.message());
        return false;
    }
}
