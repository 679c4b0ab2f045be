package io.dtm4j.feign;

import java.util.function.Function;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

/**
 * URLs the DTM server can call, named from Feign clients the application already has: for saga and msg steps, and
 * for the confirm and cancel URLs of {@link DtmTccTry} branches. A client with a {@code url} gives it (placeholders
 * resolved); a client addressed by service name is resolved to one instance through Spring Cloud LoadBalancer, since
 * the DTM server knows no service names.
 *
 * <pre>{@code
 * saga.add(feignUrls.url(Accounts.class, "/transOut"), feignUrls.url(Accounts.class, "/transOutCompensate"), req);
 * }</pre>
 */
public class FeignUrls {

    private final Environment environment;
    private final Function<String, String> serviceInstances;

    /**
     * Creates the resolver.
     *
     * @param environment resolves placeholders in {@code @FeignClient} attributes
     * @param serviceInstances a service name to the base URI of one of its instances, or {@code null} when the
     *     service is unknown; {@code null} when there is no load balancer
     */
    public FeignUrls(Environment environment, Function<String, String> serviceInstances) {
        this.environment = environment;
        this.serviceInstances = serviceInstances;
    }

    /**
     * The URL of a path on the service behind a Feign client.
     *
     * @param client the {@code @FeignClient} interface
     * @param path the path, e.g. {@code /transOut}
     * @return a full URL
     * @throws IllegalArgumentException when the type is not a Feign client or its service cannot be resolved
     */
    public String url(Class<?> client, String path) {
        FeignClient annotation = AnnotatedElementUtils.findMergedAnnotation(client, FeignClient.class);
        if (annotation == null) {
            throw new IllegalArgumentException(client.getName() + " is not a @FeignClient interface (pass the"
                    + " interface that carries @FeignClient)");
        }
        String url = environment.resolvePlaceholders(annotation.url()).trim();
        String base = url.isEmpty() ? baseOfService(environment.resolvePlaceholders(annotation.name()), client)
                : (url.contains("://") ? url : "http://" + url);
        return join(join(base, environment.resolvePlaceholders(annotation.path())), path);
    }

    /**
     * The base URL for a Feign target URL: itself, unless its host is a service name the load balancer knows.
     *
     * @param targetUrl the Feign target's URL, e.g. {@code http://accounts}
     * @return the URL the DTM server can call
     */
    public String callable(String targetUrl) {
        if (serviceInstances == null || targetUrl == null || targetUrl.isEmpty()) {
            return targetUrl;
        }
        java.net.URI uri = java.net.URI.create(targetUrl);
        if (uri.getHost() == null || uri.getPort() != -1) {
            return targetUrl;
        }
        String instance = serviceInstances.apply(uri.getHost());
        return instance == null ? targetUrl : join(instance, uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private String baseOfService(String service, Class<?> client) {
        String instance = serviceInstances == null ? null : serviceInstances.apply(service);
        if (instance == null) {
            throw new IllegalArgumentException("@FeignClient " + client.getSimpleName() + " names service '" + service
                    + "' without a url, and " + (serviceInstances == null ? "no load balancer is available"
                    : "the load balancer knows no instance of it") + " (set the client's url, or add"
                    + " spring-cloud-starter-loadbalancer with a discovery client that knows the service)");
        }
        return instance;
    }

    private static String join(String base, String path) {
        if (path == null || path.isEmpty()) {
            return base;
        }
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + (path.startsWith("/") ? path : "/" + path);
    }
}
