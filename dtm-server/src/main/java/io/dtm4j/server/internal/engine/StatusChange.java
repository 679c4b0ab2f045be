package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.GlobalTrans;
import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.internal.store.TransStore;
import java.time.Instant;
import java.util.List;

/**
 * Status changes of a global transaction (spec §6.1): compare-and-set on the status the round read, written with
 * the round's branch results not yet written (one write), with the times and reason a change sets. A lost race
 * ends the round with an error: another request or server instance has moved the transaction on.
 */
final class StatusChange {

    private final TransStore store;
    private final Schedule schedule;

    StatusChange(TransStore store, Schedule schedule) {
        this.store = store;
        this.schedule = schedule;
    }

    /** Changes the status; {@code reason} and {@code result} (a workflow's) are kept when not {@code null}. */
    void change(Trans t, TransStatus status, String reason, String result) {
        synchronized (t) {
            TransStatus old = t.g.status;
            Instant now = schedule.now();
            GlobalTrans next = t.g.copy();
            next.status = status;
            next.updateTime = now;
            if (status == TransStatus.SUCCEED) {
                next.finishTime = now;
            } else if (status == TransStatus.FAILED) {
                next.rollbackTime = now;
            }
            if (reason != null) {
                next.rollbackReason = reason.length() > Limits.MAX_TEXT ? reason.substring(0, Limits.MAX_TEXT) : reason;
            }
            if (result != null) {
                next.result = result;
            }
            // Cleared only once the store answered: after a storage error the round's end writes them again.
            boolean changed = store.changeStatus(next, old, List.copyOf(t.unsaved));
            t.unsaved.clear();
            if (!changed) {
                throw ApiException.error("gid '" + t.g.gid + "': status changed concurrently from '" + old
                        + "' (another request or server instance is processing it; query it again)");
            }
            t.lastSaved = now;
            t.g.status = next.status;
            t.g.updateTime = now;
            t.g.finishTime = next.finishTime;
            t.g.rollbackTime = next.rollbackTime;
            t.g.rollbackReason = next.rollbackReason;
            t.g.result = next.result;
        }
    }
}
