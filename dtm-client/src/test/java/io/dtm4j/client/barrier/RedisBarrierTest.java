package io.dtm4j.client.barrier;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_NULL_COMPENSATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The Redis barrier (spec §10.5) against the real Redis, through Jedis. */
class RedisBarrierTest {

    private static final Duration EXPIRE = Duration.ofMinutes(10);

    private final JedisPooled jedis = TestDatabases.redis();
    private final RedisBarrier barrier = new RedisBarrier(new JedisScriptExecutor(jedis));
    private final String gid = "rb-" + UUID.randomUUID().toString().substring(0, 12);
    private final String stock = "{" + gid + "}-stock";

    @AfterEach
    void close() {
        jedis.close();
    }

    private BarrierOutcome adjust(String transType, String op, long amount) {
        return barrier.forBranch(BranchContext.of(transType, gid, "01", op)).adjustAmount(stock, amount, EXPIRE);
    }

    @Test
    void forwardOpsRunOnceAndTheirKeysExpire() {
        jedis.set(stock, "10");

        assertThat(adjust("tcc", "try", -3)).isEqualTo(EXECUTED);
        assertThat(adjust("tcc", "try", -3)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(adjust("tcc", "confirm", 0)).isEqualTo(EXECUTED);

        assertThat(jedis.get(stock)).isEqualTo("7");
        assertThat(jedis.get(gid + "-01-try-01")).isEqualTo("try");
        assertThat(jedis.ttl(gid + "-01-try-01")).isBetween(1L, EXPIRE.toSeconds());
    }

    @Test
    void aCompensationAfterItsActionRestoresTheAmount() {
        jedis.set(stock, "10");

        assertThat(adjust("saga", "action", -4)).isEqualTo(EXECUTED);
        assertThat(adjust("saga", "compensate", 4)).isEqualTo(EXECUTED);
        assertThat(adjust("saga", "compensate", 4)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(jedis.get(stock)).isEqualTo("10");
    }

    @Test
    void cancelBeforeTryIsANullCompensationAndBlocksTheLateTry() {
        jedis.set(stock, "10");

        assertThat(adjust("tcc", "cancel", 3)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(adjust("tcc", "try", -3)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(jedis.get(stock)).isEqualTo("10");
        assertThat(jedis.get(gid + "-01-try-01")).isEqualTo("rollback");
    }

    @Test
    void anAdjustmentBelowZeroOrOnAMissingKeyIsAFailureAndChangesNothing() {
        jedis.set(stock, "2");

        assertThatThrownBy(() -> adjust("saga", "action", -3)).isInstanceOf(DtmFailureException.class)
                .hasMessageContaining("'" + stock + "'").hasMessageContaining("gid='" + gid + "'");
        assertThat(jedis.get(stock)).isEqualTo("2");
        assertThat(jedis.exists(gid + "-01-action-01")).as("no barrier key written").isFalse();

        jedis.del(stock);
        assertThatThrownBy(() -> adjust("saga", "action", 1)).isInstanceOf(DtmFailureException.class);
    }

    @Test
    void theMessageBackCheckBeforeAndAfterTheLocalStep() {
        jedis.set(stock, "5");
        BranchContext msg = BranchContext.of("msg", gid, "00", "msg");

        assertThat(barrier.forBranch(msg).adjustAmount(stock, -1, EXPIRE)).isEqualTo(EXECUTED);
        assertThat(barrier.queryPrepared(gid, EXPIRE)).isEqualTo(DtmResult.SUCCESS);

        String other = gid + "-late";
        assertThat(barrier.queryPrepared(other, EXPIRE)).isEqualTo(DtmResult.FAILURE);
        assertThatThrownBy(() -> barrier.forBranch(BranchContext.of("msg", other, "00", "msg"))
                .adjustAmount(stock, -1, EXPIRE)).isInstanceOf(DtmDuplicatedException.class);
        assertThat(jedis.get(stock)).isEqualTo("4");
    }

    @Test
    void sixteenThreadsRacingOneBranchAdjustOnce() throws Exception {
        jedis.set(stock, "100");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<BarrierOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(pool.submit(() -> adjust("saga", "action", -10)));
        }
        List<BarrierOutcome> outcomes = new ArrayList<>();
        for (Future<BarrierOutcome> f : futures) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o == EXECUTED).hasSize(1);
        assertThat(jedis.get(stock)).isEqualTo("90");
    }

    @Test
    void aRedisErrorIsReportedWithTheBranch() {
        RedisBarrier broken = new RedisBarrier((script, keys, args) -> {
            throw new IllegalStateException("connection refused");
        });

        assertThatThrownBy(() -> broken.forBranch(BranchContext.of("saga", gid, "01", "action"))
                .adjustAmount(stock, 1, EXPIRE)).isInstanceOf(DtmException.class)
                .hasMessageContaining("connection refused").hasMessageContaining("gid='" + gid + "'")
                .hasMessageContaining("check that Redis is reachable");
        assertThatThrownBy(() -> barrier.queryPrepared(gid, Duration.ZERO)).hasMessageContaining("at least 1 second");
    }
}
