package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.barrier.RedisBarrier;
import io.dtm4j.spring.redis.SpringRedisScriptExecutor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis barrier ({@link RedisBarrier}) over the application's {@code StringRedisTemplate}, when
 * spring-data-redis is in use.
 */
@AutoConfiguration(after = DtmAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.data.redis.core.StringRedisTemplate")
public class DtmRedisBarrierAutoConfiguration {

    /**
     * The barrier.
     *
     * @param redis the template
     * @param properties {@code dtm.barrier.log-decisions}
     * @return the barrier, its scripts run with {@code EVALSHA}
     */
    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    @ConditionalOnMissingBean
    public RedisBarrier dtmRedisBarrier(StringRedisTemplate redis, DtmProperties properties) {
        return new RedisBarrier(new SpringRedisScriptExecutor(redis), properties.getBarrier().isLogDecisions());
    }
}
