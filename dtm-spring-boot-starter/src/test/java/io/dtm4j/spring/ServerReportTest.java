package io.dtm4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import io.dtm4j.test.DtmTestServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Once ready, the application says which DTM server it uses and whether it answered; a dead one is a warning. */
@ExtendWith(OutputCaptureExtension.class)
class ServerReportTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DtmAutoConfiguration.class)
    static class App {
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties(properties).run();
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aServerThatAnswersIsReportedWithItsVersion(CapturedOutput output) throws Exception {
        try (DtmTestServer dtm = DtmTestServer.start();
                ConfigurableApplicationContext app = start("dtm.server-url=" + dtm.url())) {
            String line = "DTM server " + dtm.url() + " answered (version v1.19.0-dtm4j)";
            await(() -> output.getOut().contains(line));
            assertThat(output.getOut()).contains(line);
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsAWarningNotAFailedStart(CapturedOutput output) throws Exception {
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "http://127.0.0.1:" + s.getLocalPort() + "/api/dtmsvr";
        }
        try (ConfigurableApplicationContext app = start("dtm.server-url=" + dead)) {
            assertThat(app.isRunning()).isTrue();
            await(() -> output.getOut().contains("did not answer"));
            assertThat(output.getOut()).contains("WARN").contains("DTM server " + dead + " did not answer: ")
                    .contains("Transactions fail until it does: start it, or point dtm.server-url at a running one");
        }
    }

    @Test
    void theReportCanBeSwitchedOff(CapturedOutput output) throws Exception {
        try (DtmTestServer dtm = DtmTestServer.start();
                ConfigurableApplicationContext app = start("dtm.server-url=" + dtm.url(),
                        "dtm.report-server-at-start=false")) {
            assertThat(app.getBeansOfType(io.dtm4j.spring.internal.ServerReport.class)).isEmpty();
            Thread.sleep(300);
            assertThat(output.getOut()).doesNotContain("DTM server " + dtm.url() + " answered");
        }
    }
}
