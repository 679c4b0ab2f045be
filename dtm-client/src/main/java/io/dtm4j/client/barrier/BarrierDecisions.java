package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports the calls a barrier skipped on {@link BarrierOutcome#DECISIONS_LOGGER}. */
final class BarrierDecisions {

    private static final Logger log = LoggerFactory.getLogger(BarrierOutcome.DECISIONS_LOGGER);

    private BarrierDecisions() {
    }

    /** Logs a skipped call when enabled; returns the outcome. */
    static BarrierOutcome report(boolean enabled, BranchContext ctx, BarrierOutcome outcome, String where) {
        if (!enabled || outcome == BarrierOutcome.EXECUTED || !log.isInfoEnabled()) {
            return outcome;
        }
        String why = switch (outcome) {
            case SKIPPED_NULL_COMPENSATION -> "null compensation: its " + (ctx.op().equals("cancel") ? "try"
                    : "action") + " never ran here, so there is nothing to undo (a late " + (ctx.op().equals("cancel")
                    ? "try" : "action") + " will be skipped too)";
            case SKIPPED_DUPLICATE -> isForward(ctx.op()) ? "already done, or arrived after its compensation"
                    + " (hanging)" : "already done (a repeated delivery)";
            default -> outcome.toString();
        };
        log.info("barrier skipped gid={} trans_type={} branch_id={} op={}: {}; the work did not run and DTM is told"
                + " success ({})", ctx.gid(), ctx.transType(), ctx.branchId(), ctx.op(), why, where);
        return outcome;
    }

    private static boolean isForward(String op) {
        return !op.equals("cancel") && !op.equals("compensate") && !op.equals("rollback");
    }
}
