package io.dtm4j.spring.autoconfigure;

import io.dtm4j.spring.web.BranchBindingInterceptor;
import io.dtm4j.spring.web.BranchContextArgumentResolver;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.web.DtmBranchErrorHandler;
import io.dtm4j.spring.web.DtmExceptionHandler;
import io.dtm4j.spring.web.QueryPreparedController;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC support for branch handlers: a {@code BranchContext} controller argument, DTM outcomes mapped to
 * 409 / 425 answers with a {@code dtm_result} body, and the query-prepared endpoint of {@code @DtmMsg}.
 */
@AutoConfiguration(after = DtmBarrierAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
public class DtmWebMvcAutoConfiguration {

    /**
     * DTM's answers (409, 425, 400) for the outcomes branch requests throw.
     *
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmExceptionHandler dtmExceptionHandler() {
        return new DtmExceptionHandler();
    }

    /**
     * The last-resort 500 answer of branch requests.
     *
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmBranchErrorHandler dtmBranchErrorHandler() {
        return new DtmBranchErrorHandler();
    }

    /**
     * The back-check endpoint of {@code @DtmMsg} ({@code dtm.msg.query-prepared-path}), when the barrier is set up.
     *
     * @param beans where the DataSources (and the barrier table) are
     * @return the endpoint
     */
    @Bean
    @ConditionalOnBean(JdbcBarrier.class)
    @ConditionalOnMissingBean
    public QueryPreparedController dtmQueryPreparedController(ListableBeanFactory beans) {
        return new QueryPreparedController(beans);
    }

    /**
     * Registers the {@code BranchContext} argument resolver, and the interceptor that binds a branch call's
     * context to the handling thread ({@code DtmContext.branch()}).
     *
     * @return the MVC configurer
     */
    @Bean
    @ConditionalOnMissingBean(name = "dtmBranchContextConfigurer")
    public WebMvcConfigurer dtmBranchContextConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new BranchContextArgumentResolver());
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new BranchBindingInterceptor());
            }
        };
    }
}
