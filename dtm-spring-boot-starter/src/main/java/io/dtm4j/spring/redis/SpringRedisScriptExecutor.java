package io.dtm4j.spring.redis;

import io.dtm4j.client.barrier.RedisScriptExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the Redis barrier's Lua scripts through spring-data-redis: {@code EVALSHA} with the script's digest, falling
 * back to {@code EVAL} when Redis does not have it cached yet.
 *
 * <pre>{@code
 * RedisBarrier barrier = new RedisBarrier(new SpringRedisScriptExecutor(stringRedisTemplate));
 * barrier.forBranch(ctx).adjustAmount("stock:sku-1", -1, Duration.ofDays(1));
 * }</pre>
 */
public final class SpringRedisScriptExecutor implements RedisScriptExecutor {

    private final StringRedisTemplate redis;
    private final Map<String, RedisScript<String>> scripts = new ConcurrentHashMap<>();

    /**
     * Creates the executor.
     *
     * @param redis the template (string keys and values)
     */
    public SpringRedisScriptExecutor(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Object eval(String script, List<String> keys, List<String> args) {
        RedisScript<String> compiled = scripts.computeIfAbsent(script, s -> RedisScript.of(s, String.class));
        return redis.execute(compiled, keys, args.toArray());
    }
}
