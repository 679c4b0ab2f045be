package io.dtm4j.samples.stock;

import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The stock counters in Redis, one key per item ({@code sample.stock-prefix} + sku). Checks on start that Redis
 * answers, and says how to fix it when it does not.
 */
@Component
public class Stock {

    private final StringRedisTemplate redis;
    private final String prefix;

    /**
     * Creates the stock and pings Redis.
     *
     * @param redis the template
     * @param environment for the key prefix and the Redis address
     */
    public Stock(StringRedisTemplate redis, Environment environment) {
        this.redis = redis;
        this.prefix = environment.getProperty("sample.stock-prefix", "dtm4j:sample:stock:");
        try {
            redis.getConnectionFactory().getConnection().close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis is not reachable at " + environment.getProperty(
                    "spring.data.redis.host") + ":" + environment.getProperty("spring.data.redis.port") + ": "
                    + e.getMessage() + " (start it, e.g. scripts/services.sh, or set spring.data.redis.host/port)", e);
        }
    }

    /**
     * The Redis key of an item's counter.
     *
     * @param sku the item
     * @return the key
     */
    public String key(String sku) {
        return prefix + sku;
    }

    /**
     * Sets an item's stock.
     *
     * @param sku the item
     * @param count how many
     */
    public void put(String sku, int count) {
        redis.opsForValue().set(key(sku), Integer.toString(count));
    }

    /**
     * An item's stock.
     *
     * @param sku the item
     * @return how many, or -1 when the item has no counter
     */
    public int count(String sku) {
        String value = redis.opsForValue().get(key(sku));
        return value == null ? -1 : Integer.parseInt(value);
    }
}
