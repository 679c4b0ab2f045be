package io.dtm4j.spring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.test.BranchFault;
import io.dtm4j.test.DtmTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each call the barrier skips is reported at INFO on the io.dtm4j.barrier logger, unless switched off. */
@ExtendWith(OutputCaptureExtension.class)
class BarrierDecisionLogTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabases.MARIADB_URL);
    }

    abstract static class Base {
        @Autowired
        DtmTestServer dtm;
        @Autowired
        TransferApp.Transfers transfers;
        @Autowired
        JdbcTemplate jdbc;

        @BeforeEach
        void openAccounts() {
            dtm.reset();
            jdbc.execute("create database if not exists dtm_busi");
            jdbc.execute("create table if not exists " + TransferApp.ACCOUNTS + " (user_id varchar(64) primary key,"
                    + " balance int not null)");
            jdbc.update("delete from " + TransferApp.ACCOUNTS);
            jdbc.update("insert into " + TransferApp.ACCOUNTS + " values ('A', 100), ('B', 0)");
        }

        String duplicatedTransIn() {
            dtm.inject(BranchFault.callTwice().on("/transIn"));
            String gid = transfers.transfer(null, 30);
            dtm.awaitStatus(gid, TransStatus.SUCCEED);
            return gid;
        }
    }

    @Nested
    @SpringBootTest(classes = TransferApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "dtm.barrier.initialize-schema=always")
    class ByDefault extends Base {
        @Test
        void aDuplicateIsReportedWithItsGidBranchAndOp(CapturedOutput output) {
            String gid = duplicatedTransIn();

            assertThat(output.getOut()).contains("io.dtm4j.barrier").contains("barrier skipped gid=" + gid
                    + " trans_type=saga branch_id=02 op=action: already done, or arrived after its compensation"
                    + " (hanging); the work did not run and DTM is told success (barrier table dtm_barrier.barrier)");
        }
    }

    @Nested
    @SpringBootTest(classes = TransferApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"dtm.barrier.initialize-schema=always", "dtm.barrier.log-decisions=false"})
    class SwitchedOff extends Base {
        @Test
        void nothingIsReported(CapturedOutput output) {
            String gid = duplicatedTransIn();

            assertThat(output.getOut()).doesNotContain("barrier skipped gid=" + gid);
            assertThat(jdbc.queryForObject("select balance from " + TransferApp.ACCOUNTS + " where user_id = 'B'",
                    Integer.class)).isEqualTo(30);
        }
    }
}
