package io.dtm4j.client.barrier;

import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link RedisScriptExecutor} over Jedis ({@code JedisPooled}, {@code JedisCluster} or any {@code UnifiedJedis}).
 * Needs {@code redis.clients:jedis} on the class path (an optional dependency of dtm-client).
 *
 * <pre>{@code
 * RedisBarrier barrier = new RedisBarrier(new JedisScriptExecutor(new JedisPooled("127.0.0.1", 6379)));
 * }</pre>
 */
public final class JedisScriptExecutor implements RedisScriptExecutor {

    private final UnifiedJedis jedis;

    /**
     * Wraps a Jedis client.
     *
     * @param jedis the client; its lifecycle stays yours
     */
    public JedisScriptExecutor(UnifiedJedis jedis) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
    }

    @Override
    public Object eval(String script, List<String> keys, List<String> args) {
        return jedis.eval(script, keys, args);
    }
}
