package io.dtm4j.spring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.test.DtmTestServer;
import io.dtm4j.test.spring.DtmTestContextCustomizerFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;

/** When the Spring test support starts a server, and when it keeps out of the way. */
class TestServerCustomizerTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DtmAutoConfiguration.class)
    static class Minimal {
    }

    @Nested
    @SpringBootTest(classes = Minimal.class)
    class WithoutAServerUrl {
        @Autowired
        DtmTestServer dtm;
        @Autowired
        DtmTemplate template;

        @Test
        void theContextGetsAnInProcessServerAndTheClientUsesIt() {
            assertThat(template.client().serverUrl()).isEqualTo(dtm.url());
            assertThat(dtm.client().query("nothing-here").transaction()).isEmpty();
        }
    }

    @Nested
    @SpringBootTest(classes = Minimal.class, properties = "dtm.server-url=http://dtm.example:36789/api/dtmsvr")
    class WithItsOwnServerUrl {
        @Autowired
        ApplicationContext context;

        @Test
        void theTestsUrlIsKeptAndNoServerStarts() {
            assertThat(context.getBean(DtmTemplate.class).client().serverUrl())
                    .isEqualTo("http://dtm.example:36789/api/dtmsvr");
            // The server's bean is there, lazy, and was never made: no server started.
            assertThat(((ConfigurableApplicationContext) context).getBeanFactory()
                    .containsSingleton(DtmTestContextCustomizerFactory.BEAN_NAME)).isFalse();
        }
    }

    @Nested
    @SpringBootTest(classes = Minimal.class)
    class WithADynamicServerUrl {
        @DynamicPropertySource
        static void url(DynamicPropertyRegistry registry) {
            registry.add("dtm.server-url", () -> "http://dynamic.example:36789/api/dtmsvr");
        }

        @Autowired
        ApplicationContext context;

        @Test
        void theDynamicUrlWins() {
            assertThat(context.getBean(DtmTemplate.class).client().serverUrl())
                    .isEqualTo("http://dynamic.example:36789/api/dtmsvr");
            assertThat(((ConfigurableApplicationContext) context).getBeanFactory()
                    .containsSingleton(DtmTestContextCustomizerFactory.BEAN_NAME)).isFalse();
        }
    }

    @Nested
    @SpringBootTest(classes = Minimal.class, properties = "dtm.test.server.enabled=false")
    class SwitchedOff {
        @Autowired
        ApplicationContext context;

        @Test
        void noServerStarts() {
            assertThat(context.getBeansOfType(DtmTestServer.class)).isEmpty();
            assertThat(context.getBean(DtmTemplate.class).client().serverUrl())
                    .isEqualTo("http://localhost:36789/api/dtmsvr");
        }
    }
}
