package io.dtm4j.samples.stock;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A flash sale: each purchase is a saga whose first step takes one item from a stock counter in Redis (under the
 * Redis barrier: once per branch, never below zero) and whose second step writes the order to a database; an order
 * that cannot be written gives the item back.
 */
@SpringBootApplication
public class RedisStockApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, e.g. {@code --spring.data.redis.host=redis.local}
     */
    public static void main(String[] args) {
        Samples.main(RedisStockApplication.class, args);
    }
}
