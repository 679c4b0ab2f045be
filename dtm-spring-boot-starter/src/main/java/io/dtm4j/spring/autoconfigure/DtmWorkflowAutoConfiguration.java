package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.Workflows;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.internal.DtmWorkflowAdvisor;
import io.dtm4j.spring.internal.WorkflowRegistrar;
import io.dtm4j.spring.web.WorkflowResumeController;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Workflows: the application's {@link Workflows} (on the template's client and options, the barrier settings, and
 * the resume callback at {@code dtm.workflow.callback-url} or this application's address and
 * {@code dtm.workflow.callback-path}), the registration of {@code @DtmWorkflow} methods, their advisor, and in a
 * servlet web application the resume endpoint.
 */
@AutoConfiguration(after = {DtmAutoConfiguration.class, DtmBarrierAutoConfiguration.class})
@ConditionalOnBean(DtmTemplate.class)
@Import(AutoProxyRegistrar.class)
public class DtmWorkflowAutoConfiguration {

    /**
     * The application's workflows.
     *
     * @param template the template (client and default options)
     * @param properties {@code dtm.workflow.*}
     * @param self this application's address
     * @param barrier the barrier settings, when configured
     * @return the workflows
     */
    @Bean
    @ConditionalOnMissingBean
    public Workflows dtmWorkflows(DtmTemplate template, DtmProperties properties, DtmSelfUrl self,
            ObjectProvider<JdbcBarrier> barrier) {
        DtmWorkflowProperties settings = properties.getWorkflow();
        return Workflows.builder(template.client()).options(template.defaultOptions())
                .barrier(barrier.getIfAvailable(JdbcBarrier::defaults))
                .binding(wf -> io.dtm4j.spring.internal.ContextBinding.bind(wf.gid(), wf))
                .callbackUrl(() -> settings.getCallbackUrl() != null && !settings.getCallbackUrl().isBlank()
                        ? settings.getCallbackUrl() : self.of(settings.getCallbackPath()))
                .build();
    }

    /**
     * Finds and registers the {@code @DtmWorkflow} methods.
     *
     * @param beans where the workflows are looked up once every bean exists
     * @return the registrar
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static WorkflowRegistrar dtmWorkflowRegistrar(ListableBeanFactory beans) {
        return new WorkflowRegistrar(beans);
    }

    /**
     * The advisor of {@code @DtmWorkflow} methods, ordered like the other DTM annotations.
     *
     * @param beans where the workflows are looked up on first use
     * @param environment to read {@code dtm.annotations.order}
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "dtm.annotations", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public static DtmWorkflowAdvisor dtmWorkflowAdvisor(ListableBeanFactory beans, Environment environment) {
        int order = environment.getProperty("dtm.annotations.order", Integer.class,
                new DtmProperties.Annotations().getOrder());
        return new DtmWorkflowAdvisor(beans, order);
    }

    /**
     * Makes {@code RestTemplate} and {@code RestClient} calls inside a workflow its branches.
     *
     * @return the post-processor of those beans
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnClass(name = "org.springframework.web.client.RestTemplate")
    @ConditionalOnMissingBean
    public static io.dtm4j.spring.internal.WorkflowRestClients dtmWorkflowRestClients() {
        return new io.dtm4j.spring.internal.WorkflowRestClients();
    }

    /** The resume endpoint, in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestController")
    static class ResumeEndpoint {

        /**
         * The resume callback endpoint.
         *
         * @param workflows the workflows
         * @return the controller
         */
        @Bean
        @ConditionalOnMissingBean
        WorkflowResumeController dtmWorkflowResumeController(Workflows workflows) {
            return new WorkflowResumeController(workflows);
        }
    }
}
