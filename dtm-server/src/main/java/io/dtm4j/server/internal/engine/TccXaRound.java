package io.dtm4j.server.internal.engine;

import io.dtm4j.server.store.BranchTrans;
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
        if (t.is("prepared") && engine.timedOut(t)) {
            engine.changeStatus(t, "aborting", "Timeout after " + t.opts.timeoutToFail() + " seconds");
        }
        if (!t.is("submitted") && !t.is("aborting")) {
            return;
        }
        boolean tcc = "tcc".equals(t.g.transType);
        boolean forward = t.is("submitted");
        String op = tcc ? (forward ? "confirm" : "cancel") : (forward ? "commit" : "rollback");
        List<BranchTrans> rows = new ArrayList<>(t.branches);
        if (tcc) {
            java.util.Collections.reverse(rows);
        }
        for (BranchTrans b : rows) {
            if (op.equals(b.op) && !"succeed".equals(b.status) && !engine.applyOutcome(t, b, engine.call(t, b))) {
                return;
            }
        }
        engine.changeStatus(t, forward ? "succeed" : "failed", null);
    }
}
