package io.dtm4j.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.test.DtmTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @DtmWorkflow} in a real application on a random port with the in-process server: calls through the
 * workflow become branches of barrier-guarded participants on MariaDB, a failure rolls the earlier branch back,
 * and an unfinished workflow is finished through the starter's resume endpoint with no step applied twice.
 */
@SpringBootTest(classes = WorkflowApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "dtm.barrier.initialize-schema=always",
    "dtm.options.retry-interval=1s"})
class WorkflowStarterTest {

    @Autowired
    DtmTestServer dtm;
    @Autowired
    WorkflowApp.Transfers transfers;
    @Autowired
    WorkflowApp.Accounts accounts;
    @Autowired
    WorkflowApp.RestTransfers restTransfers;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.MARIADB_URL);
    }

    @BeforeEach
    void openAccounts() {
        dtm.reset();
        jdbc.execute("create database if not exists dtm_busi");
        jdbc.execute("create table if not exists " + WorkflowApp.ACCOUNTS + " (user_id varchar(64) primary key,"
                + " balance int not null)");
        jdbc.update("delete from " + WorkflowApp.ACCOUNTS);
        jdbc.update("insert into " + WorkflowApp.ACCOUNTS + " values ('A', 100), ('B', 0)");
    }

    @AfterEach
    void reopen() {
        accounts.failTransIn(false);
        accounts.transInOngoing(0);
    }

    private int balance(String user) {
        return jdbc.queryForObject("select balance from " + WorkflowApp.ACCOUNTS + " where user_id = ?",
                Integer.class, user);
    }

    @Test
    void anAnnotatedWorkflowMovesTheMoneyAndReturnsItsResult() {
        WorkflowApp.Receipt receipt = transfers.transfer(null, Map.of("amount", 30));

        assertThat(receipt.amount()).isEqualTo(30);
        assertThat(receipt.contextBound()).as("DtmContext.workflow() is the handle").isTrue();
        assertThat(dtm.client().query(receipt.gid()).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @Test
    void aFailingBranchRollsTheFirstBackThroughItsBarrier() {
        accounts.failTransIn(true);

        assertThatThrownBy(() -> transfers.transfer(null, Map.of("amount", 30)))
                .isInstanceOf(DtmTransactionFailedException.class)
                .hasMessageContaining("account B is closed");

        assertThat(balance("A")).isEqualTo(100);
        assertThat(balance("B")).isEqualTo(0);
    }

    @Test
    void anUnfinishedWorkflowIsResumedThroughTheEndpointAndAppliesEachStepOnce() throws Exception {
        accounts.transInOngoing(2);

        DtmTransactionPendingException pending = org.junit.jupiter.api.Assertions.assertThrows(
                DtmTransactionPendingException.class, () -> transfers.transfer(null, Map.of("amount", 30)));
        String gid = pending.gid();
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.PREPARED);
        assertThat(balance("A")).as("TransOut done once").isEqualTo(70);

        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (dtm.client().query(gid).status() != TransStatus.SUCCEED && System.nanoTime() < end) {
            dtm.retryNow();
            Thread.sleep(200);
        }
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).as("TransOut replayed from its record, not called again").isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @Test
    void restClientAndRestTemplateCallsInsideAWorkflowAreItsBranches() throws Exception {
        String gid = restTransfers.transfer(null, Map.of("amount", 30));
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(dtm.client().query(gid).branches()).extracting(b -> b.branchId() + "-" + b.op())
                .contains("01-action", "02-action");
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);

        accounts.failTransIn(true);
        assertThatThrownBy(() -> restTransfers.transfer(null, Map.of("amount", 30)))
                .isInstanceOf(DtmTransactionFailedException.class).hasMessageContaining("account B is closed");
        assertThat(balance("A")).as("TransOut rolled back through the RestTemplate call").isEqualTo(70);
        accounts.failTransIn(false);

        accounts.transInOngoing(1);
        DtmTransactionPendingException pending = org.junit.jupiter.api.Assertions.assertThrows(
                DtmTransactionPendingException.class, () -> restTransfers.transfer(null, Map.of("amount", 30)));
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (dtm.client().query(pending.gid()).status() != TransStatus.SUCCEED && System.nanoTime() < end) {
            dtm.retryNow();
            Thread.sleep(200);
        }
        assertThat(dtm.client().query(pending.gid()).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance("A")).as("the recorded RestClient call not made again").isEqualTo(40);
        assertThat(balance("B")).isEqualTo(60);
    }

    @Test
    void aRestClientCallKeepsItsEncodedQueryAndGetsTheBranchIdentity() {
        assertThat(restTransfers.echo(null, "a b&c=d%25+é")).isEqualTo("action:a b&c=d%25+é");
    }
}
