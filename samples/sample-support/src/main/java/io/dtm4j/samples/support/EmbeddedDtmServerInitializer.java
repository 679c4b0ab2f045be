package io.dtm4j.samples.support;

import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a sample its DTM server: when {@code dtm.server-url} is set, that server (ours or the official one) is used
 * as it is; otherwise a DTM server starts in this process on a free port of 127.0.0.1 (in-memory store, or the
 * port of {@code sample.embedded-server.port}) and {@code dtm.server-url} points at it. The embedded server stops
 * with the application.
 */
public final class EmbeddedDtmServerInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The property source that carries the embedded server's URL. */
    public static final String SOURCE = "embeddedDtmServer";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (environment.containsProperty("dtm.server-url") || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        DtmServer server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1")
                .httpPort(environment.getProperty("sample.embedded-server.port", Integer.class, 0))
                .build());
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of("dtm.server-url",
                server.url(), "sample.dtm-server", "embedded, in-process")));
        // A singleton with its disposal registered now: closed with the context, and also when the start fails
        // before any bean is made (a taken port, say), so no server thread keeps the JVM alive.
        DefaultSingletonBeanRegistry registry = (DefaultSingletonBeanRegistry) context.getBeanFactory();
        registry.registerSingleton(SOURCE, server);
        registry.registerDisposableBean(SOURCE, server::close);
    }
}
