package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.BranchStatus;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.TransStore;
import java.time.Instant;
import java.util.List;

/**
 * Deferred branch writes: a branch result is kept in the round and written with the next status change, at the
 * end of the round, or once a second in a long round (one write for many results). Losing unwritten results in a
 * crash repeats calls, which branches accept (they are idempotent, spec §4.5).
 */
final class BranchWrites {

    private final TransStore store;
    private final Schedule schedule;

    BranchWrites(TransStore store, Schedule schedule) {
        this.store = store;
        this.schedule = schedule;
    }

    /** Records a branch row's final status; writes at once after the round ended or when a second has passed. */
    void done(Trans t, BranchTrans b, BranchStatus status) {
        synchronized (t) {
            Instant now = schedule.now();
            b.status = status;
            b.updateTime = now;
            if (status == BranchStatus.SUCCEED) {
                b.finishTime = now;
            } else {
                b.rollbackTime = now;
            }
            t.unsaved.add(b);
            store.noteBranchResults(t.g.gid, t.g.status, List.of(b.copy()));
            if (t.roundEnded || (!t.lastSaved.equals(Instant.MIN) && now.isAfter(t.lastSaved.plusSeconds(1)))) {
                write(t);
            } else if (t.lastSaved.equals(Instant.MIN)) {
                t.lastSaved = now;
            }
        }
    }

    /** Ends the round's deferral: what is unwritten is written now, and later results as they come. */
    void endRound(Trans t) {
        synchronized (t) {
            t.roundEnded = true;
            write(t);
        }
    }

    /**
     * Writes the unwritten rows (the caller holds the monitor of {@code t}).
     *
     * @throws ApiException when the transaction left its status meanwhile (the rows are dropped: the calls are
     *     repeated by whoever owns the transaction now)
     */
    private void write(Trans t) {
        if (t.unsaved.isEmpty()) {
            return;
        }
        List<BranchTrans> rows = List.copyOf(t.unsaved);
        t.unsaved.clear();
        t.lastSaved = schedule.now();
        if (!store.updateBranches(t.g.gid, t.g.status, rows)) {
            throw ApiException.error("gid '" + t.g.gid + "': " + rows.size() + " branch result(s), the first "
                    + rows.get(0).branchId + "/" + rows.get(0).op + ", could not be saved because the"
                    + " transaction left status '" + t.g.status + "' (another request or server instance"
                    + " changed it; the round ends)");
        }
    }
}
