package io.dtm4j.spring.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.TransStatus;
import io.dtm4j.test.DtmTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code @DtmMsg} in a real Spring Boot app on MariaDB and PostgreSQL with the in-process server driven by a test
 * clock: commit delivers, rollback sends nothing, a lost submit is delivered through the starter's query-prepared
 * endpoint, and a message whose local transaction never committed fails at the back-check.
 */
class MsgParticipantTest {

    private final ManualClock clock = new ManualClock();
    private DtmTestServer server;
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String database) throws Exception {
        server = DtmTestServer.builder().configure(c -> c.cronEnabled(false).clock(clock)).start();
        app = BankFixture.start(database, server.url());
    }

    private int balance(String user) {
        return BankFixture.balance(app, user);
    }

    private DtmClient dtm() {
        return server.client();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aCommittedPaymentDeliversItsMessage(String database) throws Exception {
        start(database);

        String gid = app.getBean(BankApp.PaymentService.class).pay(null, 30);

        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aRolledBackPaymentSendsNothing(String database) throws Exception {
        start(database);
        BankApp.PaymentService payments = app.getBean(BankApp.PaymentService.class);

        assertThatThrownBy(() -> payments.payThenFail(null, 30)).isInstanceOf(IllegalStateException.class)
                .hasMessage("payment declined");

        assertThat(balance("A")).isEqualTo(100);
        assertThat(dtm().query(payments.lastGid()).transaction()).as("never prepared").isEmpty();
        clock.advance(Duration.ofMinutes(5));
        server.server().runCronOnce();
        assertThat(balance("B")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aLostSubmitIsDeliveredThroughTheBackCheck(String database) throws Exception {
        start(database);
        app.getBean(BankApp.SubmitSwitch.class).failSubmits(true);
        BankApp.PaymentService payments = app.getBean(BankApp.PaymentService.class);

        String gid = payments.pay(null, 30);

        assertThat(balance("A")).as("the local work committed").isEqualTo(70);
        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.PREPARED);
        clock.advance(Duration.ofMinutes(5));
        server.server().runCronOnce();
        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aPreparedMessageWithoutItsLocalCommitFailsAtTheBackCheck(String database) throws Exception {
        start(database);
        String port = app.getEnvironment().getProperty("local.server.port");
        String gid = dtm().newGid();
        dtm().msg(gid).add("http://127.0.0.1:" + port + "/transIn", RawJson.of("{\"amount\":30}"))
                .prepare("http://127.0.0.1:" + port + "/dtm/queryPrepared");

        clock.advance(Duration.ofMinutes(5));
        server.server().runCronOnce();

        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.FAILED);
        assertThat(balance("B")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void insideTheCallersTransactionTheMessageFollowsItsOutcome(String database) throws Exception {
        start(database);
        BankApp.PaymentService payments = app.getBean(BankApp.PaymentService.class);
        TransactionTemplate outer = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        String[] gids = new String[2];

        outer.executeWithoutResult(status -> {
            gids[0] = payments.pay(null, 30);
            assertThat(dtm().query(gids[0]).status()).as("not submitted before the commit")
                    .isEqualTo(TransStatus.PREPARED);
            status.setRollbackOnly();
        });
        outer.executeWithoutResult(status -> gids[1] = payments.pay(null, 20));

        assertThat(dtm().query(gids[0]).status()).as("aborted with the caller's rollback")
                .isEqualTo(TransStatus.FAILED);
        assertThat(dtm().query(gids[1]).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(80);
        assertThat(balance("B")).isEqualTo(20);
    }
}
