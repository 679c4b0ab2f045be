package io.dtm4j.benchmarks;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.JedisScriptExecutor;
import io.dtm4j.client.barrier.RedisBarrier;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.JedisPooled;

/** The Redis barrier's guarded adjustment against a bare {@code INCRBY}, on the real Redis. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisBarrierBenchmark {

    private static final Duration EXPIRE = Duration.ofMinutes(5);

    private JedisPooled jedis;
    private RedisBarrier barrier;
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String key = run + "stock";
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        jedis = new JedisPooled(Databases.REDIS_HOST, Databases.REDIS_PORT);
        jedis.set(key, "0");
        barrier = new RedisBarrier(new JedisScriptExecutor(jedis));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jedis.del(key);
        jedis.close();
    }

    @Benchmark
    public long bareIncrBy() {
        return jedis.incrBy(key, 1);
    }

    @Benchmark
    public Object barrierAdjust() {
        BranchContext ctx = BranchContext.of("saga", run + sequence.incrementAndGet(), "01", "action");
        return barrier.forBranch(ctx).adjustAmount(key, 1, EXPIRE);
    }
}
