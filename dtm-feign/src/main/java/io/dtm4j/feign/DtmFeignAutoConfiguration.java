package io.dtm4j.feign;

import io.dtm4j.client.DtmClient;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers {@link DtmContextInterceptor}, {@link DtmTccTryInterceptor}, {@link DtmTccTryAnswers} and
 * {@link DtmWorkflowCalls} for every
 * Feign client (Spring Cloud OpenFeign applies {@code RequestInterceptor} and {@code Capability} beans to all
 * clients). Off with {@code dtm.feign.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "feign.RequestInterceptor")
@ConditionalOnProperty(prefix = "dtm.feign", name = "enabled", havingValue = "true", matchIfMissing = true)
public class DtmFeignAutoConfiguration {

    /**
     * The interceptor.
     *
     * @return it
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmContextInterceptor dtmContextInterceptor() {
        return new DtmContextInterceptor();
    }

    /**
     * The interceptor that turns {@code @DtmTccTry} Feign calls into TCC branches.
     *
     * @param client the DTM client, looked up on first use
     * @return it
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmTccTryInterceptor dtmTccTryInterceptor(ObjectProvider<DtmClient> client, FeignUrls urls) {
        return new DtmTccTryInterceptor(client::getObject, urls);
    }

    /**
     * Failed {@code @DtmTccTry} calls as DTM exceptions naming their branch, instead of Feign's own.
     *
     * @return the capability, applied to every Feign client
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmTccTryAnswers dtmTccTryAnswers() {
        return new DtmTccTryAnswers();
    }

    /**
     * Feign calls inside a workflow as its branches.
     *
     * @return the capability, applied to every Feign client
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmWorkflowCalls dtmWorkflowCalls() {
        return new DtmWorkflowCalls();
    }

    /**
     * URLs from Feign clients, through Spring Cloud LoadBalancer when it is there.
     *
     * @param environment resolves placeholders
     * @param beans where a {@code LoadBalancerClient} is looked up on first use
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public FeignUrls dtmFeignUrls(Environment environment, ListableBeanFactory beans) {
        boolean loadBalancer = ClassUtils.isPresent(
                "org.springframework.cloud.client.loadbalancer.LoadBalancerClient", getClass().getClassLoader());
        return new FeignUrls(environment, loadBalancer ? LoadBalancedInstances.of(beans) : null);
    }
}
