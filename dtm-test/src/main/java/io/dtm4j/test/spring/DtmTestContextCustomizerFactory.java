package io.dtm4j.test.spring;

import io.dtm4j.test.DtmTestServer;
import java.util.List;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Gives every Spring test context of an application that uses the dtm4j starter an in-process DTM server when
 * nothing else sets {@code dtm.server-url} (the application's properties, the test's properties,
 * {@code @DynamicPropertySource}, the environment or system properties): the URL comes from a property source of
 * the lowest precedence, which starts the server the first time the URL is read. The server is also a
 * {@link DtmTestServer} bean, named {@value #BEAN_NAME}, that tests can autowire to inject faults and await
 * outcomes; it stops with the context (also when the context fails to start).
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

    /** Starts the server of one context when it is needed. */
    private static final class LazyServer {
        private DtmTestServer server;

        synchronized DtmTestServer get() {
            if (server == null) {
                server = DtmTestServer.start();
            }
            return server;
        }

        synchronized void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Adds the lazy URL and bean to one context. Equal to every other, so contexts stay cached. */
    private static final class ServerCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ConfigurableEnvironment env = context.getEnvironment();
            if (!env.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
                return;
            }
            LazyServer lazy = new LazyServer();
            env.getPropertySources().addLast(new PropertySource<>(BEAN_NAME, lazy) {
                @Override
                public Object getProperty(String name) {
                    return SERVER_URL.equals(name) ? getSource().get().url() : null;
                }
            });
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                beans.registerDisposableBean(BEAN_NAME + ".stop", lazy::close);
            }
            if (context instanceof GenericApplicationContext generic) {
                generic.registerBean(BEAN_NAME, DtmTestServer.class, lazy::get, bd -> {
                    bd.setLazyInit(true);
                    bd.setDestroyMethodName("");
                });
            } else {
                context.getBeanFactory().registerSingleton(BEAN_NAME, lazy.get());
            }
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
