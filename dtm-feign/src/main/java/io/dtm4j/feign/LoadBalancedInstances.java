package io.dtm4j.feign;

import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;

/** Service name to one instance's base URI through Spring Cloud LoadBalancer; loaded only when it is present. */
final class LoadBalancedInstances {

    private LoadBalancedInstances() {
    }

    static Function<String, String> of(ListableBeanFactory beans) {
        return service -> {
            LoadBalancerClient lb = beans.getBeanProvider(LoadBalancerClient.class).getIfAvailable();
            ServiceInstance instance = lb == null ? null : lb.choose(service);
            return instance == null ? null : instance.getUri().toString();
        };
    }
}
