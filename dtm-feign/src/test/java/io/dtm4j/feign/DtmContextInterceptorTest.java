package io.dtm4j.feign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Spring Boot app calling itself through a real Feign client, as a DTM branch handler and outside one. */
class DtmContextInterceptorTest {

    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = new SpringApplicationBuilder(EchoApp.class).properties("server.port=" + port,
                "echo.url=http://127.0.0.1:" + port, "spring.main.banner-mode=off").run();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> post(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ObjectMapper().readValue(answer.body(), Map.class);
    }

    @Test
    void aBranchHandlersDownstreamCallCarriesTheBranchAsQueryAndHeaders() throws Exception {
        Map<String, String> seen = post("/branch?gid=g-feign-1&trans_type=saga&branch_id=01&op=action");

        assertThat(seen).containsEntry("gid", "g-feign-1").containsEntry("trans_type", "saga")
                .containsEntry("branch_id", "01").containsEntry("op", "action")
                .containsEntry("Dtm-Gid", "g-feign-1").containsEntry("Dtm-Branch-Id", "01")
                .containsEntry("Dtm-Op", "action");
    }

    @Test
    void outsideABranchNothingIsAdded() throws Exception {
        assertThat(post("/plain")).isEmpty();
    }

    @Test
    void valuesTheCallSetsItselfAreNotOverwritten() throws Exception {
        Map<String, String> query = post("/branchExplicit?gid=g-feign-2&trans_type=tcc&branch_id=02&op=try");
        assertThat(query).containsEntry("gid", "mine").doesNotContainKey("Dtm-Gid")
                .containsEntry("branch_id", "02").containsEntry("op", "try");

        Map<String, String> header = post("/branchExplicitHeader?gid=g-feign-3&trans_type=tcc&branch_id=03&op=try");
        assertThat(header).containsEntry("Dtm-Op", "custom").doesNotContainKey("op")
                .containsEntry("gid", "g-feign-3");
    }

    @Test
    void theBranchIsUnboundWhenTheRequestEnds() throws Exception {
        post("/branch?gid=g-feign-4&trans_type=saga&branch_id=01&op=action");
        for (int i = 0; i < 8; i++) {
            assertThat(post("/plain")).as("no branch leaks into a later request on a pooled thread").isEmpty();
        }
    }
}
