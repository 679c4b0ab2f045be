package io.dtm4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmException;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** This application's own URLs: from the running web server (random port, context path) or dtm.self-url. */
class DtmSelfUrlTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @RestController
    static class WebApp {
        @GetMapping("/ping")
        String ping() {
            return "pong";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DtmAutoConfiguration.class)
    static class NoWeb {
    }

    @Test
    void onARandomPortWithAContextPathTheUrlReachesTheEndpoint() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WebApp.class).properties(
                "server.port=0", "server.servlet.context-path=/bank", "dtm.report-server-at-start=false").run()) {
            DtmSelfUrl self = app.getBean(DtmSelfUrl.class);
            String port = app.getEnvironment().getProperty("local.server.port");

            assertThat(self.of("/ping")).matches("http://[^/]+:" + port + "/bank/ping");
            assertThat(self.of("ping")).isEqualTo(self.of("/ping"));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(self.of("/ping"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("pong");
        }
    }

    @Test
    void dtmSelfUrlWinsForContainersAndProxies() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WebApp.class).properties(
                "server.port=0", "dtm.self-url=https://orders.internal:8443/", "dtm.report-server-at-start=false")
                .run()) {
            assertThat(app.getBean(DtmSelfUrl.class).of("/api/transIn"))
                    .isEqualTo("https://orders.internal:8443/api/transIn");
        }
    }

    @Test
    void withoutAWebServerTheRemedyIsNamed() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(NoWeb.class)
                .web(WebApplicationType.NONE).properties("dtm.report-server-at-start=false").run()) {
            assertThatThrownBy(() -> app.getBean(DtmSelfUrl.class).of("/x")).isInstanceOf(DtmException.class)
                    .hasMessageContaining("no web server runs (yet)").hasMessageContaining("set dtm.self-url");
        }
    }
}
