package io.dtm4j.spring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.test.BranchFault;
import io.dtm4j.test.DtmTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dtm-test example: a saga's participants guarded by {@code @DtmBarrier} on real MariaDB, with DTM's worst
 * deliveries injected. dtm-test on the test class path is all it takes: the test sets no {@code dtm.server-url}, so
 * the context gets an in-process server, autowired here as {@link DtmTestServer}.
 */
@SpringBootTest(classes = TransferApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "dtm.barrier.initialize-schema=always",
    "dtm.options.retry-interval=1s"})
class ExactlyOnceTest {

    @Autowired
    DtmTestServer dtm;
    @Autowired
    TransferApp.Transfers transfers;
    @Autowired
    TransferApp.Accounts accounts;
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
        jdbc.execute("create table if not exists " + TransferApp.ACCOUNTS + " (user_id varchar(64) primary key,"
                + " balance int not null)");
        jdbc.update("delete from " + TransferApp.ACCOUNTS);
        jdbc.update("insert into " + TransferApp.ACCOUNTS + " values ('A', 100), ('B', 0)");
    }

    @AfterEach
    void reopenB() {
        accounts.failTransIn(false);
    }

    private int balance(String user) {
        return jdbc.queryForObject("select balance from " + TransferApp.ACCOUNTS + " where user_id = ?",
                Integer.class, user);
    }

    @Test
    void anActionDeliveredTwiceMovesTheMoneyOnce() {
        dtm.inject(BranchFault.callTwice().on("/transIn"));

        String gid = transfers.transfer(null, 30);

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action SUCCESS",
                "02 action SUCCESS");
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @Test
    void aLostReplyIsCalledAgainAndAppliedOnce() {
        dtm.inject(BranchFault.loseReply().on("/transOut"));

        String gid = transfers.transfer(null, 30);

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).startsWith("01 action SUCCESS", "01 action SUCCESS");
        assertThat(balance("A")).isEqualTo(70);
        assertThat(balance("B")).isEqualTo(30);
    }

    @Test
    void compensationsDeliveredTwiceRefundOnce() {
        accounts.failTransIn(true);
        dtm.inject(BranchFault.callTwice().on("/transOutRevert"));

        String gid = transfers.transfer(null, 30);

        dtm.awaitStatus(gid, TransStatus.FAILED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action FAILURE",
                "02 compensate SUCCESS", "01 compensate SUCCESS", "01 compensate SUCCESS");
        assertThat(balance("A")).isEqualTo(100);
        assertThat(balance("B")).isEqualTo(0);
    }

    @Test
    void aCompensationBeforeItsActionLeavesTheAccountAlone() {
        accounts.failTransIn(true);
        // The refund arrives before the debit it undoes (null compensation), then the debit arrives (hanging).
        dtm.inject(BranchFault.compensationFirst().on("/transOut"));

        String gid = transfers.transfer(null, 30);

        dtm.awaitStatus(gid, TransStatus.FAILED);
        assertThat(dtm.callSummary(gid)).startsWith("01 compensate SUCCESS", "01 action SUCCESS",
                "02 action FAILURE");
        assertThat(balance("A")).isEqualTo(100);
        assertThat(balance("B")).isEqualTo(0);
    }

    @Test
    void ongoingAnswersAreRetriedUntilTheRealAnswer() {
        dtm.inject(BranchFault.ongoing(2).on("/transIn"));

        String gid = transfers.transfer(null, 30);

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action ONGOING",
                "02 action ONGOING", "02 action SUCCESS");
        assertThat(balance("B")).isEqualTo(30);
    }
}
