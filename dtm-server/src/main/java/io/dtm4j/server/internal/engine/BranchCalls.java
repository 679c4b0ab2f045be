package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import io.dtm4j.server.internal.json.Json;
import io.dtm4j.server.internal.store.BranchStatus;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.client.TransType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Calls branches and answers for what they said: the call itself (spec §4.1-§4.3), the schedule after it, the
 * branch row's status (spec §4.5), the metrics, a rate-limited log line per failing gid/branch/op (logger
 * {@code io.dtm4j.server.branch}), and the alert webhook once failures pile up.
 */
final class BranchCalls {

    private final BranchInvoker invoker;
    private final Schedule schedule;
    private final BranchWrites writes;
    private final Metrics metrics;
    private final Alerts alerts;
    private final RateLimitedLog failures = new RateLimitedLog(LoggerFactory.getLogger("io.dtm4j.server.branch"));

    BranchCalls(BranchInvoker invoker, Schedule schedule, BranchWrites writes, Metrics metrics, Alerts alerts) {
        this.invoker = invoker;
        this.schedule = schedule;
        this.writes = writes;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /** Calls one branch row and applies spec §7.2's interval rules to the transaction. */
    BranchInvoker.Outcome call(Trans t, BranchTrans b) {
        String method = b.binData.length > 0 || t.g.transType == TransType.XA ? "POST" : "GET";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("branch_id", b.branchId);
        query.put("gid", t.g.gid);
        query.put("op", b.op);
        query.put("trans_type", t.g.transType.wireName());
        boolean jsonRpc = "json-rpc".equals(t.g.protocol) && b.url.contains("method");
        schedule.beforeCall(t);
        BranchInvoker.Outcome outcome;
        boolean definiteSagaFailure;
        try {
            outcome = jsonRpc
                    ? invoker.callJsonRpc(b.url, b.binData, query, t.opts.branchHeaders(), schedule.requestTimeout(t))
                    : invoker.call(b.url, method, b.binData, query, t.opts.branchHeaders(), schedule.requestTimeout(t));
            definiteSagaFailure = definiteFailure(t, b, outcome);
            schedule.afterCall(t, definiteSagaFailure ? DtmResult.SUCCESS : outcome.result());
        } finally {
            schedule.callDone(t);
        }
        String key = t.g.gid + "/" + b.branchId + "/" + b.op;
        if (outcome.result() == DtmResult.SUCCESS || definiteSagaFailure) {
            failures.forget(key);
        } else if (outcome.result() != DtmResult.ONGOING) {
            failures.warn(key, "gid {} branch {} op {}: {} {} answered {} {}; next try at {}", t.g.gid, b.branchId,
                    b.op, method, Json.loggable(b.url), outcome.httpStatus() == 0 ? "" : outcome.httpStatus(),
                    Json.loggable(outcome.message()), t.g.nextCronTime);
        }
        if (outcome.result() == DtmResult.ERROR || (outcome.result() == DtmResult.FAILURE && !definiteSagaFailure)) {
            alerts.afterError(t, b.url, outcome.message(), schedule.resetInterval(t.opts));
        }
        return outcome;
    }

    /**
     * The msg back-check (spec §6.7): FAILURE and SUCCESS are answers, ONGOING resets the interval, other errors
     * back off.
     */
    BranchInvoker.Outcome callBackCheck(Trans t, BranchTrans query) {
        schedule.beforeCall(t);
        try {
            BranchInvoker.Outcome outcome = invoker.call(query.url, "GET", query.binData, Map.of("branch_id", "00",
                    "gid", t.g.gid, "op", "msg", "trans_type", "msg"), t.opts.branchHeaders(),
                    schedule.requestTimeout(t));
            if (outcome.result() == DtmResult.ONGOING) {
                schedule.resetAfterOngoing(t);
            } else {
                schedule.afterCall(t, outcome.result() == DtmResult.FAILURE ? DtmResult.SUCCESS : outcome.result());
            }
            return outcome;
        } finally {
            schedule.callDone(t);
        }
    }

    /** The workflow resume callback (spec §6.6): the application re-runs workflow {@code name}. */
    BranchInvoker.Outcome resumeWorkflow(Trans t, String name, byte[] input) {
        // The lease covers a long callback; the cadence stays the lease period, as in the official server.
        schedule.beforeCall(t);
        BranchInvoker.Outcome outcome;
        try {
            outcome = invoker.call(t.g.queryPrepared, input.length > 0 ? "POST" : "GET", input,
                    Map.of("branch_id", "00", "gid", t.g.gid, "op", name, "trans_type", "workflow"),
                    t.opts.branchHeaders(), schedule.requestTimeout(t));
        } finally {
            schedule.callDone(t);
        }
        String key = t.g.gid + "/00/" + name;
        if (outcome.result() == DtmResult.SUCCESS) {
            failures.forget(key);
        } else if (outcome.result() != DtmResult.ONGOING) {
            failures.warn(key, "gid {}: the workflow callback {} answered {} {}; next try at {}", t.g.gid,
                    Json.loggable(t.g.queryPrepared), outcome.httpStatus() == 0 ? "" : outcome.httpStatus(),
                    Json.loggable(outcome.message()), t.g.nextCronTime);
        }
        return outcome;
    }

    /** Marks a branch's row from a call outcome (spec §4.5); returns whether the row is now final. */
    boolean apply(Trans t, BranchTrans b, BranchInvoker.Outcome outcome) {
        metrics.branch(t.g.transType.wireName(), b.branchId, b.op, outcome.result() == DtmResult.SUCCESS);
        if (outcome.result() == DtmResult.SUCCESS) {
            writes.done(t, b, BranchStatus.SUCCEED);
            return true;
        }
        if (definiteFailure(t, b, outcome)) {
            writes.done(t, b, BranchStatus.FAILED);
            return true;
        }
        t.recordError(outcome.result(), outcome.message(), outcome.httpStatus());
        return false;
    }

    /** A saga action that answered FAILURE: final, the saga rolls back (any other FAILURE is retried). */
    private static boolean definiteFailure(Trans t, BranchTrans b, BranchInvoker.Outcome outcome) {
        return outcome.result() == DtmResult.FAILURE && t.g.transType == TransType.SAGA && "action".equals(b.op);
    }
}
