package io.dtm4j.test.spring;

import io.dtm4j.test.DtmTestServer;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Gives every Spring test context of an application that uses the dtm4j starter an in-process DTM server when the
 * test sets no {@code dtm.server-url} of its own (in its properties, {@code @SpringBootTest(properties = ...)},
 * the environment or system properties). The server is a {@link DtmTestServer} bean, named
 * {@value #BEAN_NAME}, that tests can autowire to inject faults and await outcomes; it stops with the context.
 * {@code dtm.test.server.enabled=false} turns this off. Registered through {@code META-INF/spring.factories}, so
 * having dtm-test on the test class path is enough.
 */
public final class DtmTestContextCustomizerFactory implements ContextCustomizerFactory {

    /** The name of the {@link DtmTestServer} bean. */
    public static final String BEAN_NAME = "dtmTestServer";

    /** Turns the in-process server off when {@code false}. */
    public static final String ENABLED_PROPERTY = "dtm.test.server.enabled";

    private static final String SERVER_URL = "dtm.server-url";

    /** Creates the factory; Spring's test framework does. */
    public DtmTestContextCustomizerFactory() {
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        boolean starter = ClassUtils.isPresent("io.dtm4j.spring.DtmTemplate", testClass.getClassLoader());
        return starter ? new ServerCustomizer() : null;
    }

    /** Starts the server for one context if it needs one. Equal to every other, so contexts stay cached. */
    private static final class ServerCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ConfigurableEnvironment env = context.getEnvironment();
            if (env.containsProperty(SERVER_URL) || !env.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
                return;
            }
            DtmTestServer server = DtmTestServer.start();
            env.getPropertySources().addFirst(new MapPropertySource(BEAN_NAME, java.util.Map.of(SERVER_URL,
                    server.url())));
            context.getBeanFactory().registerSingleton(BEAN_NAME, server);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    server.close();
                }
            });
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ServerCustomizer;
        }

        @Override
        public int hashCode() {
            return ServerCustomizer.class.hashCode();
        }
    }
}
