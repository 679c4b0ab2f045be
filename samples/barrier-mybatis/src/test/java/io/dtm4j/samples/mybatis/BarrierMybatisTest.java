package io.dtm4j.samples.mybatis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
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
 * The MyBatis participants: the story on embedded defaults; on real MariaDB and PostgreSQL a saga and its
 * compensation with every barrier row written through MyBatis, the hard cases, and bad input answered 400.
 */
@ExtendWith(OutputCaptureExtension.class)
class BarrierMybatisTest {

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
    void theStoryOnEmbeddedDefaults(CapturedOutput output) {
        app = new SpringApplicationBuilder(BarrierMybatisApplication.class).run("--sample.exit=false",
                "--spring.datasource.url=jdbc:h2:mem:mybatis-main;DB_CLOSE_DELAY=-1");

        assertThat(output.getOut()).containsSubsequence("1. A saga moves 30", "alice -30   [through MyBatis:"
                + " BarrierMapper.insertIgnore, AccountMapper.add]", ": succeed", "2. A saga tries to move 500",
                "FAILURE: 'bob' is missing or has less than 500", "its action never ran", ": failed",
                "a. TransIn delivered twice", "bob +10", "already done", "b. TransOutRevert before TransOut",
                "its action never ran", "already done", "balances {alice=70, bob=140}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSagaAndItsCompensationWriteEveryBarrierRowThroughMybatis(String database) throws Exception {
        start(database);
        TransferService transfers = app.getBean(TransferService.class);

        transfers.transfer(null, new Transfer("alice", "bob", 30));
        DtmTransactionFailedException failed = catchThrowableOfType(DtmTransactionFailedException.class,
                () -> transfers.transfer(null, new Transfer("bob", "alice", 500)));

        assertThat(failed).isNotNull();
        assertThat(app.getBean(AccountMapper.class).balances()).isEqualTo(Map.of("alice", 70, "bob", 130));
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("TransOut action 200",
                "TransIn action 200", "TransOut action 409", "TransOutRevert compensate 200");
        assertThat(app.getBean(JdbcTemplate.class).queryForList("select reason from dtm_barrier.barrier"
                + " where gid = ? order by id", String.class, failed.gid()))
                .as("the failed action's own row rolled back with its update: only the compensation's two rows")
                .containsExactly("compensate", "compensate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void repeatedNullCompensatedAndHangingCallsChangeNothing(String database) throws Exception {
        start(database);
        String gid = "mb-" + UUID.randomUUID();

        assertThat(branch("TransIn", gid, "02", "action").statusCode()).isEqualTo(200);
        assertThat(branch("TransIn", gid, "02", "action").statusCode()).isEqualTo(200);
        assertThat(branch("TransOutRevert", gid, "01", "compensate").statusCode()).isEqualTo(200);
        assertThat(branch("TransOut", gid, "01", "action").statusCode()).isEqualTo(200);

        assertThat(app.getBean(AccountMapper.class).balances()).isEqualTo(Map.of("alice", 100, "bob", 110));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void badInputOnAHandlerAnswers400AndWritesNothing(String database) throws Exception {
        start(database);
        String port = app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> noQuery = post("http://127.0.0.1:" + port + "/api/busi/TransOut",
                "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":10}");
        HttpResponse<String> malformed = post("http://127.0.0.1:" + port + "/api/busi/TransOut?gid=g1&trans_type=saga"
                + "&branch_id=01&op=action", "{\"from\":");

        assertThat(noQuery.statusCode()).as(noQuery.body()).isEqualTo(400);
        assertThat(noQuery.body()).contains("found no branch");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.body()).contains("branch g1/action of /api/busi/TransOut: the request does not fit");
        assertThat(app.getBean(AccountMapper.class).balances()).isEqualTo(Map.of("alice", 100, "bob", 100));
        assertThat(app.getBean(JdbcTemplate.class).queryForObject("select count(*) from dtm_barrier.barrier"
                + " where gid = 'g1'", Integer.class)).isZero();
    }

    private void start(String database) {
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        TestDatabases.byName(database);
        app = new SpringApplicationBuilder(BarrierMybatisApplication.class).run("--sample.run=false",
                "--sample.exit=false", "--sample.print-calls=false", "--spring.datasource.url=" + url,
                "--dtm.server-url=" + dtmServer.server().url());
        app.getBean(JdbcTemplate.class).update("delete from dtm_barrier.barrier where gid = 'g1'");
    }

    private HttpResponse<String> branch(String handler, String gid, String branchId, String op) throws Exception {
        return post(app.getBean(TransferService.class).busiUrl() + "/" + handler + "?gid=" + gid
                + "&trans_type=saga&branch_id=" + branchId + "&op=" + op,
                "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":10}");
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
