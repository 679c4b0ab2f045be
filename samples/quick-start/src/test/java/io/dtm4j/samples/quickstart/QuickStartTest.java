package io.dtm4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.AllQuery;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quick start: the main command's run on embedded defaults (in-process server, H2) and its printed story; the
 * public endpoint against a DTM server given by {@code dtm.server-url}, on real MariaDB and PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theMainCommandRunsBothSagasOnEmbeddedDefaultsAndPrintsTheirStory(CapturedOutput output) {
        app = new SpringApplicationBuilder(QuickStartApplication.class)
                .run("--sample.exit=false", "--spring.datasource.url=jdbc:h2:mem:qs-main;DB_CLOSE_DELAY=-1");

        assertThat(app.getEnvironment().getProperty("dtm.server-url")).as("an in-process server of its own")
                .isNotEqualTo(dtmServer.server().url()).startsWith("http://127.0.0.1:");
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("TransOut action 200",
                "TransIn action 200", "TransOut action 200", "TransIn action 409", "TransInRevert compensate 200",
                "TransOutRevert compensate 200");
        String out = output.getOut();
        assertThat(out).containsSubsequence("(embedded, in-process)", "{alice=100, bob=100}",
                "1. A saga moves 30", "TransOut", "alice -30", "TransIn", "bob +30", ": succeed, balances {alice=70,"
                + " bob=130}", "2. The same saga with TransIn failing", "TransIn", "409", "FAILURE",
                "TransInRevert", "barrier: skipped, its action never ran", "TransOutRevert", "alice +30",
                ": failed, balances {alice=70, bob=130}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void thePublicEndpointTransfersAndCompensatesAgainstTheGivenServer(String database) throws Exception {
        start(database);

        HttpResponse<String> ok = transfer("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":30}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"status\":\"succeed\"").contains("\"alice\":70").contains("\"bob\":130");

        HttpResponse<String> failed = transfer("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":30,"
                + "\"transInResult\":\"FAILURE\"}");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(409);
        assertThat(failed.body()).contains("\"status\":\"failed\"").contains("\"alice\":70").contains("\"bob\":130");
        assertThat(app.getBean(Accounts.class).balances()).isEqualTo(Map.of("alice", 70, "bob", 130));
        assertThat(app.getBean(BranchCalls.class).calls()).endsWith("TransIn action 409",
                "TransInRevert compensate 200", "TransOutRevert compensate 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void badInputAnswers400WithTheReasonAndStartsNothing(String database) throws Exception {
        start(database);
        long before = transactions();

        assertThat(rejected("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":")).contains("not a transfer's JSON");
        assertThat(rejected("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"lots\"}"))
                .contains("not a transfer's JSON");
        assertThat(rejected("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":0}"))
                .contains("amount must be at least 1, got 0");
        assertThat(rejected("{\"from\":\"alice\",\"to\":\"carol\",\"amount\":5}"))
                .contains("account 'carol' does not exist").contains("[alice, bob]");
        assertThat(rejected("{\"from\":\"alice\",\"to\":\"alice\",\"amount\":5}")).contains("both 'alice'");
        assertThat(rejected("{\"to\":\"bob\",\"amount\":5}")).contains("'from' and 'to' are required");
        assertThat(rejected("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":5,\"transInResult\":\"MAYBE\"}"))
                .contains("'MAYBE'");

        assertThat(transactions()).as("nothing reached DTM").isEqualTo(before);
        assertThat(app.getBean(BranchCalls.class).calls()).isEmpty();
        assertThat(app.getBean(Accounts.class).balances()).isEqualTo(Map.of("alice", 100, "bob", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aBranchHandlerCalledWithoutItsDtmQueryAnswers400(String database) throws Exception {
        start(database);
        String port = app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/busi/TransOut")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"alice\",\"to\":\"bob\",\"amount\":30}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("@DtmBarrier on BankController.transOut() found no branch");
        assertThat(app.getBean(Accounts.class).balances()).isEqualTo(Map.of("alice", 100, "bob", 100));
    }

    private void start(String database) throws Exception {
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        TestDatabases.byName(database);
        app = new SpringApplicationBuilder(QuickStartApplication.class).run("--sample.run=false",
                "--sample.exit=false", "--sample.print-calls=false", "--spring.datasource.url=" + url,
                "--dtm.server-url=" + dtmServer.server().url());
        assertThat(app.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(url);
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        jdbc.update("delete from " + Accounts.TABLE + " where user_id not in ('alice', 'bob')");
        jdbc.update("update " + Accounts.TABLE + " set balance = 100");
    }

    private long transactions() {
        return dtmServer.server().client().all(AllQuery.builder().limit(1000).build()).transactions().size();
    }

    private HttpResponse<String> transfer(String json) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/transfer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String rejected(String json) throws Exception {
        HttpResponse<String> response = transfer(json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return response.body();
    }
}
