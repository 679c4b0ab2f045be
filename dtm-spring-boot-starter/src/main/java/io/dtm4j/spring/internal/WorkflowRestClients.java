package io.dtm4j.spring.internal;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the {@link WorkflowRestInterceptor} to every {@code RestTemplate} bean and every {@code RestClient.Builder}
 * bean (the one Spring Boot gives, so every {@code RestClient} built from it), once each.
 */
public final class WorkflowRestClients implements BeanPostProcessor {

    private static final boolean REST_CLIENT = ClassUtils.isPresent("org.springframework.web.client.RestClient",
            WorkflowRestClients.class.getClassLoader());

    private final WorkflowRestInterceptor interceptor = new WorkflowRestInterceptor();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RestTemplate template && template.getInterceptors().stream()
                .noneMatch(WorkflowRestInterceptor.class::isInstance)) {
            template.getInterceptors().add(interceptor);
        } else if (REST_CLIENT && bean instanceof org.springframework.web.client.RestClient.Builder builder) {
            builder.requestInterceptors(list -> {
                if (list.stream().noneMatch(WorkflowRestInterceptor.class::isInstance)) {
                    list.add(interceptor);
                }
            });
        }
        return bean;
    }
}
