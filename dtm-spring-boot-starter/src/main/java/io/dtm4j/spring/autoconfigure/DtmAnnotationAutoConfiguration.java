package io.dtm4j.spring.autoconfigure;

import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.internal.DtmAnnotationAdvisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Weaves {@code @DtmSaga} and {@code @DtmTcc} with an advisor (no AspectJ weaver needed): registers Spring's
 * infrastructure auto-proxy creator if the application has none, and the advisor, ordered by
 * {@code dtm.annotations.order}. Off with {@code dtm.annotations.enabled=false}.
 */
@AutoConfiguration(after = DtmAutoConfiguration.class)
@ConditionalOnProperty(prefix = "dtm.annotations", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(DtmAnnotationAutoConfiguration.AutoProxyRegistrar.class)
public class DtmAnnotationAutoConfiguration {

    /**
     * The advisor; it looks the {@link DtmTemplate} up on first use.
     *
     * @param template the template, resolved lazily
     * @param environment to read {@code dtm.annotations.order} without binding the properties early
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static DtmAnnotationAdvisor dtmAnnotationAdvisor(ObjectProvider<DtmTemplate> template,
            Environment environment) {
        int order = environment.getProperty("dtm.annotations.order", Integer.class,
                new DtmProperties.Annotations().getOrder());
        return new DtmAnnotationAdvisor(template::getObject, order);
    }

    /** Registers the infrastructure auto-proxy creator when no auto-proxy creator is registered yet. */
    static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {
        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
