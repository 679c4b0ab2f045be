package io.dtm4j.mybatis.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.mybatis.StatementLog;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code @DtmBarrier} handlers whose work is a MyBatis mapper, in a real Spring Boot app on a random port, on real
 * MariaDB and PostgreSQL, called by the in-process DTM server: the barrier rows go through the barrier mapper in
 * the transaction's own SqlSession, and roll back with the mapper's update.
 */
class MybatisBarrierParticipantTest {

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

    private void start(String database, String... properties) throws Exception {
        DataSource ds = TestDatabases.byName(database);
        BarrierSchema.create(ds, BarrierSchema.DEFAULT_TABLE);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + MybatisBankApp.ACCOUNTS + " (user_id varchar(64) primary key,"
                    + " balance int not null)");
            s.execute("delete from " + MybatisBankApp.ACCOUNTS);
            s.execute("insert into " + MybatisBankApp.ACCOUNTS + " values ('A', 100), ('B', 0)");
        }
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        app = new SpringApplicationBuilder(MybatisBankApp.class).properties("server.port=0",
                "spring.datasource.url=" + url, "dtm.server-url=" + dtmServer.server().url(),
                "spring.main.banner-mode=off")
                .run(properties);
    }

    private int balance(String user) {
        return app.getBean(MybatisBankApp.BankMapper.class).balance(user);
    }

    private List<String> rows(String gid) {
        return app.getBean(JdbcTemplate.class).queryForList("select concat(branch_id, '/', op, '/', barrier_id, '/',"
                + " reason) from " + BarrierSchema.DEFAULT_TABLE + " where gid = ? order by id", String.class, gid);
    }

    private List<StatementLog.Entry> log() {
        return app.getBean(StatementLog.class).entries();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSagaMovesTheMoneyWithEachBarrierRowInItsHandlersSession(String database) throws Exception {
        start(database);

        String gid = app.getBean(MybatisBankApp.TransferService.class).transfer(null, 30);

        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
        assertThat(rows(gid)).containsExactly("01/action/01/action", "02/action/01/action");
        assertThat(log()).extracting(StatementLog.Entry::statement).containsExactly("BarrierMapper.insertIgnore",
                "BankMapper.add", "BarrierMapper.insertIgnore", "BankMapper.add");
        assertThat(log().get(0).executor()).as("transOut: barrier row and update in one session")
                .isEqualTo(log().get(1).executor());
        assertThat(log().get(2).executor()).as("transIn: barrier row and update in one session")
                .isEqualTo(log().get(3).executor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aFailingBranchRollsBackItsMapperUpdateTogetherWithItsBarrierRow(String database) throws Exception {
        start(database);
        app.getBean(MybatisBankApp.BankController.class).failTransIn();

        DtmTransactionFailedException failure = catchThrowableOfType(DtmTransactionFailedException.class,
                () -> app.getBean(MybatisBankApp.TransferService.class).transfer(null, 30));

        assertThat(balance("A")).isEqualTo(100);
        assertThat(balance("B")).isEqualTo(0);
        String gid = failure.gid();
        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.FAILED);
        assertThat(rows(gid)).as("transIn's action row rolled back: its compensation is a null compensation")
                .containsExactly("01/action/01/action", "02/action/01/compensate", "02/compensate/01/compensate",
                        "01/compensate/01/compensate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aMessageWritesItsBarrierRowThroughTheMapperInTheLocalTransactionsSession(String database) throws Exception {
        start(database);

        String gid = app.getBean(MybatisBankApp.PaymentService.class).pay(null, 30);

        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
        assertThat(rows(gid)).containsExactly("00/msg/01/msg", "01/action/01/action");
        assertThat(log()).extracting(StatementLog.Entry::statement).startsWith("BankMapper.add",
                "BarrierMapper.insertIgnore");
        assertThat(log().get(0).executor()).as("the debit and the message row in one session")
                .isEqualTo(log().get(1).executor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aBranchCalledTwiceRunsOnce(String database) throws Exception {
        start(database);
        String gid = "mbank-" + UUID.randomUUID();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = branch("/transIn", "saga", "action", gid);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        assertThat(balance("B")).isEqualTo(30);
        assertThat(rows(gid)).containsExactly("01/action/01/action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void theRowsUseTheExecutorTypeOfTheApplicationsMappers(String database) throws Exception {
        start(database, "--mybatis.executor-type=REUSE");
        String gid = "mbank-" + UUID.randomUUID();

        HttpResponse<String> first = branch("/transIn", "saga", "action", gid);
        assertThat(first.statusCode()).as("a session bound with another executor type would refuse the mapper: "
                + first.body()).isEqualTo(200);
        assertThat(branch("/transIn", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("B")).isEqualTo(30);
        assertThat(log()).extracting(StatementLog.Entry::statement).containsExactly("BarrierMapper.insertIgnore",
                "BankMapper.add", "BarrierMapper.insertIgnore");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void switchedOffTheRowsGoInWithPlainJdbcOnTheSameTransaction(String database) throws Exception {
        start(database, "--dtm.barrier.mybatis.enabled=false");
        String gid = "mbank-" + UUID.randomUUID();

        assertThat(branch("/transIn", "saga", "action", gid).statusCode()).isEqualTo(200);
        assertThat(branch("/transIn", "saga", "action", gid).statusCode()).isEqualTo(200);

        assertThat(balance("B")).isEqualTo(30);
        assertThat(rows(gid)).containsExactly("01/action/01/action");
        assertThat(log()).extracting(StatementLog.Entry::statement).containsExactly("BankMapper.add");
    }

    private HttpResponse<String> branch(String path, String transType, String op, String gid) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?gid=" + gid
                + "&trans_type=" + transType + "&branch_id=01&op=" + op)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":30}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
