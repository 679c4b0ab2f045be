package io.dtm4j.feigntcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.test.DtmServerExtension;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** TCC tries as real Feign calls, registered with the in-process DTM server, confirmed and cancelled. */
class FeignTccTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = new SpringApplicationBuilder(TccApp.class).properties("server.port=" + port,
                "accounts.url=http://127.0.0.1:" + port, "dtm.server-url=" + dtmServer.server().url(),
                "spring.cloud.discovery.client.simple.instances.accounts-service[0].uri=http://127.0.0.1:" + port,
                "spring.main.banner-mode=off").run();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void clear() {
        calls().clear();
    }

    private static List<String> calls() {
        return app.getBean(TccApp.AccountEndpoints.class).calls();
    }

    private static TransStatus awaitFinal(String gid) throws InterruptedException {
        DtmClient dtm = dtmServer.server().client();
        for (int i = 0; i < 100; i++) {
            TransStatus s = dtm.query(gid).status();
            if (s == TransStatus.SUCCEED || s == TransStatus.FAILED) {
                return s;
            }
            Thread.sleep(50);
        }
        return dtm.query(gid).status();
    }

    @Test
    void feignTriesAreRegisteredThenConfirmedLastFirst() throws Exception {
        String gid = app.getBean(TccApp.Transfers.class).transfer(30);

        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls()).containsExactly("transOutTry " + gid + "/01/try amount=30",
                "transInTry " + gid + "/02/try amount=30", "transInConfirm " + gid + "/02/confirm amount=30",
                "transOutConfirm " + gid + "/01/confirm amount=30");
    }

    @Test
    void aFailingFeignTryCancelsTheRegisteredBranches() throws Exception {
        Throwable thrown = catchThrowable(() -> app.getBean(TccApp.Transfers.class).transfer(0));

        // The same exception family as a try the client makes itself, never Feign's FeignException$Conflict.
        String gid = calls().get(0).split(" ")[1].split("/")[0];
        assertThat(thrown).isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
            assertThat(e.transType()).isEqualTo(TransType.TCC);
            assertThat(e.status()).isEqualTo(TransStatus.ABORTING);
            assertThat(e.branchId()).isEqualTo("02");
            assertThat(e.op()).isEqualTo("try");
            assertThat(e.reason()).isEqualTo("{\"dtm_result\":\"FAILURE\"}");
        }).hasMessageStartingWith("tcc gid '" + gid + "' failed and is being rolled back (status 'aborting'): branch"
                + " 02 try answered '{\"dtm_result\":\"FAILURE\"}'; the server runs the cancels")
                .cause().isInstanceOf(DtmFailureException.class)
                .hasMessageStartingWith("TCC try at http://127.0.0.1:")
                .hasMessageContaining("/transInTry answered FAILURE (HTTP 409)");
        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(calls()).contains("transInCancel " + gid + "/02/cancel amount=0",
                "transOutCancel " + gid + "/01/cancel amount=0").noneMatch(c -> c.contains("Confirm"));
    }

    @Test
    void aTryAnswering200WithFailureInItsBodyFailsAsTheClientsOwnTriesDo() throws Exception {
        Throwable thrown = catchThrowable(() -> app.getBean(TccApp.Transfers.class).transfer(-1));

        String gid = calls().get(0).split(" ")[1].split("/")[0];
        assertThat(thrown).isInstanceOf(DtmTransactionFailedException.class).cause()
                .isInstanceOfSatisfying(DtmFailureException.class, e -> assertThat(e.httpStatus()).isEqualTo(200))
                .hasMessageContaining("answered FAILURE (HTTP 200)");
        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(calls()).noneMatch(c -> c.contains("Confirm"));
    }

    @Test
    void feignTriesInsideATryHandlerOpenNestedBranches() throws Exception {
        String gid = app.getBean(TccApp.Transfers.class).transferNested(7);

        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls()).containsExactly("parentTry " + gid + "/01/try amount=7",
                "transOutTry " + gid + "/0101/try amount=7", "transInTry " + gid + "/0102/try amount=7",
                "transInConfirm " + gid + "/0102/confirm amount=7", "transOutConfirm " + gid + "/0101/confirm amount=7",
                "parentConfirm " + gid + "/01/confirm amount=7");
    }

    @Test
    void aClientAddressedByServiceNameRegistersConfirmAndCancelOnAnInstanceUrl() throws Exception {
        String gid = app.getBean(TccApp.Transfers.class).transferByServiceName(5);

        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls()).containsExactly("transOutTry " + gid + "/01/try amount=5",
                "transOutConfirm " + gid + "/01/confirm amount=5");
    }

    @Test
    void sagaStepsCanBeNamedFromFeignClients() throws Exception {
        String gid = app.getBean(TccApp.Transfers.class).sagaFromFeignClients(null, 4);

        assertThat(awaitFinal(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls()).containsExactly("transOutConfirm " + gid + "/01/action amount=4",
                "transInConfirm " + gid + "/02/action amount=4");
    }

    @Test
    void aFeignTryOutsideATccTransactionFailsBeforeSending() {
        TccApp.Accounts accounts = app.getBean(TccApp.Accounts.class);

        assertThatThrownBy(() -> accounts.transOutTry(Map.of("amount", 1))).isInstanceOf(DtmException.class)
                .hasMessageContaining("was called outside a TCC transaction");
        assertThat(calls()).isEmpty();
    }
}
