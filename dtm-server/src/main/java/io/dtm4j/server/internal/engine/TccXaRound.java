package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.server.internal.store.BranchStatus;
import io.dtm4j.server.internal.store.BranchTrans;
import java.util.ArrayList;
import java.util.List;

/**
 * One processing round of a TCC or XA transaction (spec §6.4, §6.5): a prepared one that timed out is aborted;
 * then every branch gets confirm/commit (submitted) or cancel/rollback (aborting), stopping at the first branch
 * that does not succeed. TCC walks the rows from last to first; XA in storage order.
 */
final class TccXaRound {

    private final Engine engine;
    private final Trans t;

    TccXaRound(Engine engine, Trans t) {
        this.engine = engine;
        this.t = t;
    }

    void run() {
        if (t.is(TransStatus.PREPARED) && engine.timedOut(t)) {
            engine.changeStatus(t, TransStatus.ABORTING, "Timeout after " + t.opts.timeoutToFail() + " seconds");
        }
        if (!t.is(TransStatus.SUBMITTED) && !t.is(TransStatus.ABORTING)) {
            return;
        }
        boolean tcc = t.g.transType == TransType.TCC;
        boolean forward = t.is(TransStatus.SUBMITTED);
        String op = tcc ? (forward ? "confirm" : "cancel") : (forward ? "commit" : "rollback");
        List<BranchTrans> rows = new ArrayList<>(t.branches);
        if (tcc) {
            java.util.Collections.reverse(rows);
        }
        for (BranchTrans b : rows) {
            if (op.equals(b.op) && b.status != BranchStatus.SUCCEED && !engine.applyOutcome(t, b, engine.call(t, b))) {
                return;
            }
        }
        engine.changeStatus(t, forward ? TransStatus.SUCCEED : TransStatus.FAILED, null);
    }
}
