package io.dtm4j.spring.autoconfigure;

import io.dtm4j.spring.web.BranchContextArgumentResolver;
import io.dtm4j.spring.web.DtmExceptionHandler;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC support for branch handlers: a {@code BranchContext} controller argument, and DTM outcomes mapped to
 * 409 / 425 answers with a {@code dtm_result} body.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
public class DtmWebMvcAutoConfiguration {

    /**
     * The exception mapping.
     *
     * @return the controller advice
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmExceptionHandler dtmExceptionHandler() {
        return new DtmExceptionHandler();
    }

    /**
     * Registers the {@code BranchContext} argument resolver.
     *
     * @return the MVC configurer
     */
    @Bean
    public WebMvcConfigurer dtmBranchContextConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new BranchContextArgumentResolver());
            }
        };
    }
}
