package io.dtm4j.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.RedisBarrier;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import io.dtm4j.spring.autoconfigure.DtmRedisBarrierAutoConfiguration;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis barrier over spring-data-redis against the real Redis: a flash-sale stock decrement. */
class RedisBarrierStarterTest {

    private static StringRedisTemplate template() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(TestDatabases.REDIS_HOST, TestDatabases.REDIS_PORT));
        factory.afterPropertiesSet();
        factory.start();
        return new StringRedisTemplate(factory);
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class,
                    DtmRedisBarrierAutoConfiguration.class));

    @Test
    void aStockDecrementRunsOnceItsCompensationOnceAndAnEmptyStockFails() {
        runner.withBean(StringRedisTemplate.class, RedisBarrierStarterTest::template).run(ctx -> {
            RedisBarrier barrier = ctx.getBean(RedisBarrier.class);
            StringRedisTemplate redis = ctx.getBean(StringRedisTemplate.class);
            String stock = "dtm4j:starter:stock:" + UUID.randomUUID();
            redis.opsForValue().set(stock, "2");
            String gid = "redis-" + UUID.randomUUID();
            Duration day = Duration.ofDays(1);

            BranchContext action = BranchContext.of("saga", gid, "01", "action");
            assertThat(barrier.forBranch(action).adjustAmount(stock, -1, day)).isEqualTo(BarrierOutcome.EXECUTED);
            assertThat(barrier.forBranch(action).adjustAmount(stock, -1, day))
                    .isEqualTo(BarrierOutcome.SKIPPED_DUPLICATE);
            assertThat(redis.opsForValue().get(stock)).isEqualTo("1");
            BranchContext second = BranchContext.of("saga", "redis-" + UUID.randomUUID(), "01", "action");
            assertThat(barrier.forBranch(second).adjustAmount(stock, -1, day)).isEqualTo(BarrierOutcome.EXECUTED);

            BranchContext soldOut = BranchContext.of("saga", "redis-" + UUID.randomUUID(), "01", "action");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> barrier.forBranch(soldOut)
                    .adjustAmount(stock, -1, day)).isInstanceOf(DtmFailureException.class);
            assertThat(redis.opsForValue().get(stock)).isEqualTo("0");

            BranchContext compensate = BranchContext.of("saga", gid, "01", "compensate");
            barrier.forBranch(compensate).adjustAmount(stock, 1, day);
            barrier.forBranch(compensate).adjustAmount(stock, 1, day);
            assertThat(redis.opsForValue().get(stock)).isEqualTo("1");

            assertThat(barrier.queryPrepared("redis-" + UUID.randomUUID(), day)).isEqualTo(DtmResult.FAILURE);
        });
    }

    @Test
    void withoutAStringRedisTemplateThereIsNoRedisBarrier() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(RedisBarrier.class));
    }
}
