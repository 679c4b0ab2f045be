package io.dtm4j.client.barrier;

import java.util.List;

/**
 * Runs a Lua script on Redis; the one thing the Redis barrier needs from a Redis client. Implement it for your
 * client in one line; {@link JedisScriptExecutor} ships for Jedis, and the Spring starter provides one over
 * spring-data-redis.
 *
 * <pre>{@code
 * RedisScriptExecutor executor = (script, keys, args) -> jedis.eval(script, keys, args);
 * }</pre>
 */
@FunctionalInterface
public interface RedisScriptExecutor {

    /**
     * Evaluates a script ({@code EVAL}).
     *
     * @param script the Lua source
     * @param keys the {@code KEYS}
     * @param args the {@code ARGV}
     * @return the script's reply: a {@code String} (or {@code byte[]}) for a status or bulk reply, {@code null} for
     *     a nil reply
     */
    Object eval(String script, List<String> keys, List<String> args);
}
