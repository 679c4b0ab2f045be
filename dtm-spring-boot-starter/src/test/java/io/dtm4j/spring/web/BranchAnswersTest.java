package io.dtm4j.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Which requests get DTM's answers, in a real Spring Boot app on a random port: a branch call (DTM's query, or the
 * {@code Dtm-*} headers) gets 409 / 425 with a {@code dtm_result} body, even when the application has its own
 * advice for the same exception; a public endpoint whose saga failed gets the application's handling, or Spring's
 * 500, and never DTM's internal JSON.
 */
class BranchAnswersTest {

    private static final String BRANCH_QUERY = "?gid=g1&trans_type=saga&branch_id=01&op=action";
    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A public initiator endpoint and two branch handlers. */
    @RestController
    static class Endpoints {
        @PostMapping("/transfer")
        String transfer() {
            throw new DtmFailureException("saga g7 failed: branch 02 http://10.0.0.7:8081/internal/transIn answered"
                    + " FAILURE");
        }

        @PostMapping("/transIn")
        String transIn() {
            throw new DtmFailureException("account B is closed");
        }

        @PostMapping("/broken")
        String broken() {
            throw new IllegalStateException("the ledger is down (FAILURE to connect)");
        }

        @PostMapping("/pending")
        String pending() {
            throw new DtmOngoingException("the payment is not settled yet");
        }
    }

    /** The application's own answer for a refused transfer. */
    @RestControllerAdvice
    static class OwnAdvice {
        @ExceptionHandler(DtmFailureException.class)
        ResponseEntity<Map<String, String>> refused(DtmFailureException e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", "transfer refused"));
        }
    }

    @SpringBootApplication
    @Import(Endpoints.class)
    static class Plain {
    }

    @SpringBootApplication
    @Import({Endpoints.class, OwnAdvice.class})
    static class WithAdvice {
    }

    private void start(Class<?> config) {
        app = new SpringApplicationBuilder(config).properties("server.port=0", "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
                .run();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> post(String pathAndQuery, String... headers) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void branchCallsGetDtmsAnswersAndPublicEndpointsDoNot() throws Exception {
        start(Plain.class);

        HttpResponse<String> failed = post("/transIn" + BRANCH_QUERY);
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(failed.body()).contains("\"dtm_result\":\"FAILURE\"").contains("account B is closed");
        HttpResponse<String> ongoing = post("/pending" + BRANCH_QUERY);
        assertThat(ongoing.statusCode()).isEqualTo(425);
        assertThat(ongoing.body()).contains("\"dtm_result\":\"ONGOING\"");
        HttpResponse<String> byHeaders = post("/transIn", "Dtm-Gid", "g1", "Dtm-Op", "action");
        assertThat(byHeaders.statusCode()).isEqualTo(409);

        HttpResponse<String> broken = post("/broken" + BRANCH_QUERY);
        assertThat(broken.statusCode()).as("retried by DTM").isEqualTo(500);
        assertThat(broken.body()).contains("\"dtm_result\":\"ERROR\"").contains("failure to connect")
                .doesNotContain("FAILURE");

        HttpResponse<String> initiator = post("/transfer");
        assertThat(initiator.statusCode()).as("Spring's own answer for an unhandled exception").isEqualTo(500);
        assertThat(initiator.body()).doesNotContain("dtm_result").doesNotContain("10.0.0.7");
    }

    @Test
    void theApplicationsAdviceAnswersItsPublicEndpointsButNotBranchCalls() throws Exception {
        start(WithAdvice.class);

        HttpResponse<String> initiator = post("/transfer");
        assertThat(initiator.statusCode()).as("the application's advice, at its default order").isEqualTo(422);
        assertThat(initiator.body()).contains("transfer refused").doesNotContain("dtm_result");

        HttpResponse<String> branch = post("/transIn" + BRANCH_QUERY);
        assertThat(branch.statusCode()).as("a branch's FAILURE must reach DTM as 409").isEqualTo(409);
        assertThat(branch.body()).contains("\"dtm_result\":\"FAILURE\"");
    }
}
