package io.dtm4j.spring.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Branch handlers with {@code @DtmBarrier} in a real Spring Boot web app on a random port, on real MariaDB and
 * PostgreSQL, called by the in-process DTM server (a {@code @DtmSaga} of the same app) and directly over HTTP.
 */
class BarrierParticipantTest {

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

    private void start(String database) throws Exception {
        app = BankFixture.start(database, dtmServer.server().url());
    }

    private int balance(String user) {
        return BankFixture.balance(app, user);
    }

    private HttpResponse<String> branch(String path, String transType, String op, String gid) throws Exception {
        return post(path + "?gid=" + gid + "&trans_type=" + transType + "&branch_id=01&op=" + op,
                "{\"amount\":30}");
    }

    /** POSTs JSON to this app: a path with its query, and the body. */
    private HttpResponse<String> post(String pathAndQuery, String json) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String gid() {
        return "bank-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSagaMovesTheMoney(String database) throws Exception {
        start(database);

        String gid = app.getBean(BankApp.TransferService.class).transfer(null, 30);

        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aFailingBranchAnswers409AndTheSagaIsCompensated(String database) throws Exception {
        start(database);
        app.getBean(BankApp.BankController.class).failTransIn();

        assertThatThrownBy(() -> app.getBean(BankApp.TransferService.class).transfer(null, 30))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.FAILED);
                    assertThat(e.branchId()).isEqualTo("02");
                    assertThat(e.branchUrl()).endsWith("/transIn");
                })
                .hasMessageContaining("account B is closed").hasMessageContaining("the outcome is final");

        assertThat(balance("A")).isEqualTo(100);
        assertThat(balance("B")).isEqualTo(0);
        HttpResponse<String> direct = branch("/transIn", "saga", "action", gid());
        assertThat(direct.statusCode()).isEqualTo(409);
        assertThat(direct.body()).contains("\"dtm_result\":\"FAILURE\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aBranchCalledTwiceRunsOnce(String database) throws Exception {
        start(database);
        String gid = gid();

        assertThat(branch("/transIn", "saga", "action", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transIn", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aCompensationBeforeItsActionRunsNeitherOfThem(String database) throws Exception {
        start(database);
        String gid = gid();

        assertThat(branch("/transOutRevert", "saga", "compensate", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transOut", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("A")).as("null compensation, then the hanging action is skipped").isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aTccCancelBeforeItsTryRunsNeitherOfThem(String database) throws Exception {
        start(database);
        String gid = gid();

        assertThat(branch("/transOutRevert", "tcc", "cancel", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transOut", "tcc", "try", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transOutRevert", "tcc", "cancel", gid).statusCode()).isEqualTo(200);

        assertThat(balance("A")).as("null cancel, the hanging try skipped, the repeated cancel skipped")
                .isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aHandlerWhoseTransactionRollsBackCanRunAgain(String database) throws Exception {
        start(database);
        String gid = gid();

        HttpResponse<String> failed = branch("/transInFlaky", "saga", "action", gid);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("\"dtm_result\":\"ERROR\"").contains("connection to the ledger lost");
        assertThat(balance("B")).as("the update rolled back with the barrier row").isEqualTo(0);
        assertThat(branch("/transInFlaky", "saga", "action", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transInFlaky", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("B")).isEqualTo(30);
        assertThat(app.getBean(BankApp.BankController.class).flakyCalls()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aGuardedHandlerCallingAGuardedServiceRunsItOnce(String database) throws Exception {
        start(database);
        String gid = gid();

        assertThat(branch("/transInNested", "saga", "action", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transInNested", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("B")).as("the nested call ran inside the outer barrier, once").isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void twoGuardedCallsOneAfterTheOtherInOneRequestBothRunOnce(String database) throws Exception {
        start(database);
        String gid = gid();

        assertThat(branch("/moveInTwoCalls", "saga", "action", gid).statusCode()).isEqualTo(200);
        assertThat(balance("A")).as("the first call ran").isEqualTo(70);
        assertThat(balance("B")).as("the second call ran too (barrier id 02)").isEqualTo(30);
        assertThat(branch("/moveInTwoCalls", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("A")).as("the retried request skips both").isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb"})
    void aBranchRequestWithoutItsContextAnswers400(String database) throws Exception {
        start(database);

        HttpResponse<String> answer = post("/transIn?gid=g1", "{\"amount\":30}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(balance("B")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb"})
    void aBranchCallWhoseBodyDoesNotFitAnswers400WithTheReason(String database) throws Exception {
        start(database);

        HttpResponse<String> answer = post("/transOut?gid=g2&trans_type=saga&branch_id=01&op=action", "{\"amount\":");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"dtm_result\":\"ERROR\"")
                .contains("branch g2/action of /transOut: the request does not fit the handler");
        HttpResponse<String> quoting = post("/transOut?gid=g3&trans_type=saga&branch_id=01&op=action",
                "{\"amount\":\"FAILURE\"}");
        assertThat(quoting.statusCode()).isEqualTo(400);
        assertThat(quoting.body()).as("DTM would read FAILURE in the body as a definite failure (spec 1.2)")
                .doesNotContain("FAILURE").contains("failure");
        assertThat(balance("A")).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb"})
    void aGuardedHandlerCalledWithoutAnyDtmQueryAnswers400(String database) throws Exception {
        start(database);

        HttpResponse<String> answer = post("/transOut", "{\"amount\":30}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("@DtmBarrier on BankController.transOut() found no branch");
        assertThat(balance("A")).isEqualTo(100);
    }
}
