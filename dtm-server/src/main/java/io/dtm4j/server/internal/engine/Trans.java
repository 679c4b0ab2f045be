package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.client.DtmResult;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.GlobalTrans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction being processed in one round: its row, parsed options, branch rows, and what went wrong last.
 * Owned by the thread running the round; branch-call threads change it only under its monitor
 * ({@code synchronized (t)} in {@link Engine}).
 */
final class Trans {

    final GlobalTrans g;
    final TransOpts opts;
    final List<BranchTrans> branches;
    /** Creation time used for timeouts in this round (a submit's own time in its immediate round, spec §7.5). */
    final Instant createTime;
    DtmResult lastError;
    String lastErrorMessage;
    /** The HTTP status of the last failed branch answer, 0 when there was none. */
    int lastErrorStatus;
    /** Saga retry_limit counter; memory only, as in the official server (spec §7.6). */
    long retryCount;
    /** When the round last pushed next_cron_time forward (spec §7.2's 1.5 s refresh). */
    Instant lastTouched;
    /**
     * When the cron should look at the transaction again by the rules of spec §7.2, as of the last call of this
     * round; {@code null} before the first call. While the round runs, next_cron_time holds its lease instead
     * (at least the server's retry interval ahead); the round writes this time back when it ends unfinished.
     */
    Instant retryAt;
    /** Branch calls of this round still waiting for their answer (a concurrent saga's phase may end first). */
    final java.util.concurrent.atomic.AtomicInteger callsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** A lost compare-and-set or a storage failure that ended the round; answered as it is. */
    String storeError;
    /**
     * Branch rows finished in this round and not yet written: they are written with the next status change, at
     * the end of the round, or once a second in a long round. Losing them in a crash only repeats calls, which
     * branches must accept anyway (spec §4.5, idempotent branches).
     */
    final List<BranchTrans> unsaved = new ArrayList<>();
    /** When branch rows were last written in this round. */
    Instant lastSaved;
    /** Set when the round ended: a branch call that finishes later (a concurrent saga) is written at once. */
    boolean roundEnded;

    Trans(GlobalTrans g, TransOpts opts, List<BranchTrans> branches, Instant createTime) {
        this.g = g;
        this.opts = opts;
        this.branches = branches;
        this.createTime = createTime;
        this.lastTouched = Instant.MIN;
        this.lastSaved = Instant.MIN;
    }

    boolean is(TransStatus status) {
        return status == g.status;
    }

    void recordError(DtmResult result, String message) {
        recordError(result, message, 0);
    }

    void recordError(DtmResult result, String message, int httpStatus) {
        lastError = result;
        lastErrorMessage = message;
        lastErrorStatus = httpStatus;
    }
}
