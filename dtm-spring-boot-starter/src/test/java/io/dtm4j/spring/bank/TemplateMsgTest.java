package io.dtm4j.spring.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.Msg;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.test.DtmTestServer;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code DtmTemplate.msg().doAndSubmit} in a real Spring Boot app on MariaDB and PostgreSQL: the local work joins
 * the caller's Spring transaction, the message follows that transaction's outcome, and its barrier row lands in
 * {@code dtm.barrier.table}, where the starter's query-prepared endpoint finds it when the submit was lost.
 */
class TemplateMsgTest {

    private static final String TABLE = "dtm_barrier.template_barrier";

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
        app = BankFixture.start(database, server.url(), TABLE);
    }

    private Msg payment(int amount) {
        DtmSelfUrl self = app.getBean(DtmSelfUrl.class);
        return app.getBean(DtmTemplate.class).msg().add(self.of("/transIn"), Map.of("amount", amount));
    }

    private String queryPrepared() {
        return app.getBean(DtmSelfUrl.class).of("/dtm/queryPrepared");
    }

    private void debitA(int amount) {
        app.getBean(JdbcTemplate.class).update("update " + BankApp.ACCOUNTS + " set balance = balance - ? where"
                + " user_id = 'A'", amount);
    }

    private int barrierRows(String table, String gid) {
        return app.getBean(JdbcTemplate.class).queryForObject("select count(*) from " + table + " where gid = ?"
                + " and op = 'msg'", Integer.class, gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void theMessageJoinsTheCallersTransactionAndFollowsItsOutcome(String database) throws Exception {
        start(database);
        TransactionTemplate outer = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        String[] gids = new String[2];

        outer.executeWithoutResult(status -> {
            gids[0] = payment(30).doAndSubmit(queryPrepared(), barrier -> debitA(30));
            assertThat(server.client().query(gids[0]).status()).as("prepared, not submitted before the commit")
                    .isEqualTo(TransStatus.PREPARED);
            status.setRollbackOnly();
        });
        outer.executeWithoutResult(status -> gids[1] = payment(20).doAndSubmit(queryPrepared(),
                barrier -> debitA(20)));

        assertThat(server.client().query(gids[0]).status()).as("aborted with the caller's rollback")
                .isEqualTo(TransStatus.FAILED);
        server.awaitFinal(gids[1], Duration.ofSeconds(10));
        assertThat(server.client().query(gids[1]).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(BankFixture.balance(app, "A")).as("only the committed debit").isEqualTo(80);
        assertThat(BankFixture.balance(app, "B")).isEqualTo(20);
        assertThat(barrierRows(TABLE, gids[0])).as("rolled back with the work").isZero();
        assertThat(barrierRows(TABLE, gids[1])).as("in dtm.barrier.table").isEqualTo(1);
        assertThat(barrierRows(BarrierSchema.DEFAULT_TABLE, gids[1])).as("not in the default table").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aLostSubmitIsDeliveredByTheBackCheckReadingTheConfiguredTable(String database) throws Exception {
        start(database);
        app.getBean(BankApp.SubmitSwitch.class).failSubmits(true);

        String gid = payment(30).doAndSubmit(queryPrepared(), barrier -> debitA(30));

        assertThat(BankFixture.balance(app, "A")).as("the local work committed").isEqualTo(70);
        assertThat(server.client().query(gid).status()).isEqualTo(TransStatus.PREPARED);
        clock.advance(Duration.ofMinutes(5));
        server.server().runCronOnce();
        server.awaitFinal(gid, Duration.ofSeconds(10));
        assertThat(server.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(BankFixture.balance(app, "B")).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void theDataSourceFormRunsOnTheTransactionsConnection(String database) throws Exception {
        start(database);
        DataSource db = app.getBean(DataSource.class);
        TransactionTemplate outer = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        String[] gid = new String[1];

        assertThatThrownBy(() -> outer.executeWithoutResult(status -> {
            gid[0] = payment(30).doAndSubmit(queryPrepared(), db, connection -> {
                try (var update = connection.prepareStatement("update " + BankApp.ACCOUNTS
                        + " set balance = balance - 30 where user_id = 'A'")) {
                    update.executeUpdate();
                }
            });
            throw new IllegalStateException("the caller fails after the message");
        })).hasMessage("the caller fails after the message");

        assertThat(server.client().query(gid[0]).status()).isEqualTo(TransStatus.FAILED);
        assertThat(BankFixture.balance(app, "A")).as("the work rolled back with the caller").isEqualTo(100);
        assertThat(barrierRows(TABLE, gid[0])).isZero();
    }
}
