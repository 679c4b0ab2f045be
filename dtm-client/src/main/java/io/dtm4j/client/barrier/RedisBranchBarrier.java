package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmFailureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis barrier of one branch request; see {@link RedisBarrier}. Thread-safe.
 */
public final class RedisBranchBarrier {

    private final RedisBarrier barrier;
    private final BranchContext ctx;
    private final AtomicInteger barrierId = new AtomicInteger();

    RedisBranchBarrier(RedisBarrier barrier, BranchContext ctx) {
        this.barrier = barrier;
        this.ctx = ctx;
    }

    /**
     * Adds {@code amount} to the number at {@code key}, at most once for this branch and op, and only if the
     * result stays {@code >= 0}. A compensation ({@code cancel}, {@code compensate}) whose forward op never ran
     * does nothing and blocks the late forward op. The balance is checked first, as DTM does.
     *
     * @param key the number's key; must exist
     * @param amount the change, negative to take
     * @param expire how long the barrier keys live
     * @return what the barrier did
     * @throws DtmFailureException when the key is missing or the result would be negative
     * @throws DtmDuplicatedException for op {@code msg} when the back-check already rolled the message back
     */
    public BarrierOutcome adjustAmount(String key, long amount, Duration expire) {
        String bid = String.format("%02d", barrierId.incrementAndGet());
        List<String> keys = new ArrayList<>(List.of(key, keyOf(ctx.op(), bid)));
        String origin = switch (ctx.op()) {
            case "cancel" -> "try";
            case "compensate" -> "action";
            default -> null;
        };
        if (origin != null) {
            keys.add(keyOf(origin, bid));
        }
        String reply = barrier.eval(RedisBarrier.ADJUST_SCRIPT, keys,
                List.of(Long.toString(amount), ctx.op(), RedisBarrier.seconds(expire)), ctx.gid(), ctx.branchId(),
                ctx.op());
        BarrierOutcome outcome = switch (reply) {
            case "FAILURE" -> throw new DtmFailureException("Redis key '" + key + "' is missing or would go below 0"
                    + " by " + amount + " [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                    + ctx.op() + "'] (a definite failure: not retried)", DtmFailureException.NO_STATUS, null,
                    ctx.gid(), ctx.branchId(), ctx.op());
            case "DUPLICATE" -> {
                if ("msg".equals(ctx.op())) {
                    throw new DtmDuplicatedException("msg gid '" + ctx.gid() + "': the back-check already marked"
                            + " the local step as rolled back (nothing to do: the message is aborted)", ctx.gid());
                }
                yield BarrierOutcome.SKIPPED_DUPLICATE;
            }
            case "NULL_COMPENSATION" -> BarrierOutcome.SKIPPED_NULL_COMPENSATION;
            case "EXECUTED" -> BarrierOutcome.EXECUTED;
            default -> throw new IllegalStateException("unexpected Redis barrier reply '" + reply + "'");
        };
        return BarrierDecisions.report(barrier.logsDecisions(), ctx, outcome, "Redis");
    }

    private String keyOf(String op, String bid) {
        return ctx.gid() + "-" + ctx.branchId() + "-" + op + "-" + bid;
    }
}
