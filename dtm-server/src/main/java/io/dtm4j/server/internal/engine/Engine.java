package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.GlobalTrans;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.TransStore;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;

/**
 * What every round needs, one concern per part: the store and the clock; {@link Schedule} (timeouts and back-off),
 * {@link StatusChange} (compare-and-set of the status), {@link BranchWrites} (deferred branch results),
 * {@link BranchCalls} (calls, logs, alerts and metrics). The rounds talk to this facade.
 */
public final class Engine {

    final TransStore store;
    final DtmServerConfig config;
    final ExecutorService branchCalls;
    final Metrics metrics;
    private final Schedule schedule;
    private final StatusChange status;
    private final BranchWrites writes;
    private final BranchCalls calls;

    public Engine(TransStore store, DtmServerConfig config, OkHttpClient http, ExecutorService branchCalls,
            Metrics metrics) {
        this.store = store;
        this.config = config;
        this.branchCalls = branchCalls;
        this.metrics = metrics;
        this.schedule = new Schedule(store, config);
        this.status = new StatusChange(store, schedule);
        this.writes = new BranchWrites(store, schedule);
        this.calls = new BranchCalls(new BranchInvoker(http), schedule, writes, metrics,
                new Alerts(http, config.alertWebHook(), config.alertRetryLimit()));
    }

    Instant now() {
        return schedule.now();
    }

    /** The reset interval of spec §7.2, in seconds. */
    long resetInterval(TransOpts opts) {
        return schedule.resetInterval(opts);
    }

    /** Spec §7.5: whether the transaction has timed out. */
    boolean timedOut(Trans t) {
        return schedule.timedOut(t);
    }

    /** Compare-and-set status change; a lost race ends the round with an error (spec §6.1). */
    void changeStatus(Trans t, TransStatus next, String reason) {
        status.change(t, next, reason, null);
    }

    /** A status change that also stores a workflow's result. */
    void changeStatus(Trans t, TransStatus next, String reason, String result) {
        status.change(t, next, reason, result);
    }

    /** Ends the round's deferral of branch writes. */
    void endRound(Trans t) {
        try {
            writes.endRound(t);
        } finally {
            schedule.endRound(t);
        }
    }

    /**
     * Takes the lease for a round about to be queued: a new owner token, and a next cron time the server's retry
     * interval ahead (written by the status change that starts the round, or by the creation).
     */
    void lease(GlobalTrans g) {
        g.owner = Gids.owner();
        Instant until = schedule.leaseUntil();
        if (g.nextCronTime == null || g.nextCronTime.isBefore(until)) {
            g.nextCronTime = until;
        }
    }

    /** Calls one branch row. */
    BranchInvoker.Outcome call(Trans t, BranchTrans b) {
        return calls.call(t, b);
    }

    /** The msg back-check (spec §6.7). */
    BranchInvoker.Outcome callBackCheck(Trans t, BranchTrans query) {
        return calls.callBackCheck(t, query);
    }

    /** Marks a branch's row from a call outcome (spec §4.5); returns whether the row is now final. */
    boolean applyOutcome(Trans t, BranchTrans b, BranchInvoker.Outcome outcome) {
        return calls.apply(t, b, outcome);
    }

    /** The workflow resume callback (spec §6.6). */
    BranchInvoker.Outcome resumeWorkflow(Trans t, String name, byte[] input) {
        return calls.resumeWorkflow(t, name, input);
    }
}
