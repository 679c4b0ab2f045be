package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The subtransaction barrier on Redis, for the common "adjust a number if it stays non-negative" branch (stock,
 * balance), and the 2-phase message back-check. Each guarded call is one Lua script, so the check, the barrier
 * keys and the adjustment are atomic. Barrier keys expire after the given time. Immutable and thread-safe.
 *
 * <pre>{@code
 * RedisBarrier barrier = new RedisBarrier(new JedisScriptExecutor(jedis));
 * barrier.forBranch(ctx).adjustAmount("stock:42", -1, Duration.ofDays(1));   // FAILURE when it would go below 0
 * DtmResult committed = barrier.queryPrepared(gid, Duration.ofDays(1));
 * }</pre>
 *
 * <p>On Redis Cluster the balance key and the barrier keys ({@code <gid>-<branch_id>-<op>-<barrier_id>}) must
 * hash to one slot: give them a common hash tag in the gid, e.g. {@code {order-42}}.
 */
public final class RedisBarrier {

    /** KEYS: amount key, current-op key[, origin-op key]. ARGV: amount, op, expire seconds. */
    static final String ADJUST_SCRIPT = """
            local v = redis.call('GET', KEYS[1])
            if v == false or tonumber(v) + tonumber(ARGV[1]) < 0 then
              return 'FAILURE'
            end
            if redis.call('GET', KEYS[2]) ~= false then
              return 'DUPLICATE'
            end
            redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
            if #KEYS > 2 and redis.call('GET', KEYS[3]) == false then
              redis.call('SET', KEYS[3], 'rollback', 'EX', ARGV[3])
              return 'NULL_COMPENSATION'
            end
            redis.call('INCRBY', KEYS[1], ARGV[1])
            return 'EXECUTED'
            """;

    /** KEYS: the message's barrier key. ARGV: expire seconds. */
    static final String QUERY_PREPARED_SCRIPT = """
            local v = redis.call('GET', KEYS[1])
            if v == false then
              redis.call('SET', KEYS[1], 'rollback', 'EX', ARGV[1])
              v = 'rollback'
            end
            if v == 'rollback' then
              return 'FAILURE'
            end
            return 'SUCCESS'
            """;

    private final RedisScriptExecutor executor;
    private final boolean logDecisions;

    /**
     * Creates the barrier.
     *
     * @param executor runs the scripts on your Redis client
     */
    public RedisBarrier(RedisScriptExecutor executor) {
        this(executor, true);
    }

    /**
     * Creates a barrier that reports skipped calls or not.
     *
     * @param executor runs the Lua scripts
     * @param logDecisions whether each skipped call (duplicate, hanging, null compensation) is logged at INFO on
     *     {@link BarrierOutcome#DECISIONS_LOGGER}
     */
    public RedisBarrier(RedisScriptExecutor executor, boolean logDecisions) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.logDecisions = logDecisions;
    }

    boolean logsDecisions() {
        return logDecisions;
    }

    /**
     * The barrier of one branch request; its barrier ids count the guarded calls made through it.
     *
     * @param ctx the request's branch context
     * @return the branch barrier
     */
    public RedisBranchBarrier forBranch(BranchContext ctx) {
        return new RedisBranchBarrier(this, ctx);
    }

    /**
     * Answers a 2-phase message's back-check: whether its local step (an {@code adjustAmount} under op
     * {@code msg}) happened. Marks the message as rolled back when it did not, so a late local step fails.
     *
     * @param gid the message's gid
     * @param expire how long the marker lives
     * @return {@link DtmResult#SUCCESS} or {@link DtmResult#FAILURE}
     */
    public DtmResult queryPrepared(String gid, Duration expire) {
        String reply = eval(QUERY_PREPARED_SCRIPT, List.of(gid + "-00-msg-01"), List.of(seconds(expire)), gid,
                "00", "msg");
        return "FAILURE".equals(reply) ? DtmResult.FAILURE : DtmResult.SUCCESS;
    }

    String eval(String script, List<String> keys, List<String> args, String gid, String branchId, String op) {
        Object reply;
        try {
            reply = executor.eval(script, keys, args);
        } catch (RuntimeException e) {
            throw new DtmException("Redis barrier script failed for keys " + keys + " [gid='" + gid
                    + "', branch_id='" + branchId + "', op='" + op + "']: " + e.getMessage()
                    + " (DTM retries the branch; check that Redis is reachable)", e, DtmException.NO_STATUS, null,
                    gid, branchId, op);
        }
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return reply == null ? "" : reply.toString();
    }

    static String seconds(Duration expire) {
        if (expire == null || expire.toSeconds() < 1) {
            throw new IllegalArgumentException("barrier key expiry must be at least 1 second but was " + expire
                    + " (keep keys at least as long as the branch can be retried)");
        }
        return Long.toString(expire.toSeconds());
    }
}
