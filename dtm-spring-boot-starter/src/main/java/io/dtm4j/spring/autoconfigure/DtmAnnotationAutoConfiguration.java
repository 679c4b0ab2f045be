package io.dtm4j.spring.autoconfigure;

import io.dtm4j.spring.internal.DtmAnnotationAdvisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Weaves {@code @DtmSaga}, {@code @DtmTcc} and {@code @DtmMsg} with an advisor (no AspectJ weaver needed):
 * registers Spring's infrastructure auto-proxy creator if the application has none, and the advisor, ordered by
 * {@code dtm.annotations.order}. Off with {@code dtm.annotations.enabled=false}.
 */
@AutoConfiguration(after = DtmAutoConfiguration.class)
@ConditionalOnProperty(prefix = "dtm.annotations", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(AutoProxyRegistrar.class)
public class DtmAnnotationAutoConfiguration {

    /**
     * The advisor; it looks the {@code DtmTemplate} up on first use.
     *
     * @param beans where the template (and for messages the DataSource, transaction manager and barrier) are
     *     looked up on first use
     * @param environment to read {@code dtm.annotations.order} without binding the properties early
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static DtmAnnotationAdvisor dtmAnnotationAdvisor(ListableBeanFactory beans, Environment environment) {
        int order = environment.getProperty("dtm.annotations.order", Integer.class,
                new DtmProperties.Annotations().getOrder());
        return new DtmAnnotationAdvisor(beans, order);
    }
}
