package io.dtm4j.samples.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
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
 * The workflow sample: the main command's run on embedded defaults (in-process server, H2) and its printed story;
 * the workflow against a DTM server given by {@code dtm.server-url}, on real MariaDB and PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkflowSampleTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theMainCommandRunsBothWorkflowsOnEmbeddedDefaultsAndPrintsTheirStory(CapturedOutput output) {
        app = new SpringApplicationBuilder(WorkflowApplication.class)
                .run("--sample.exit=false", "--spring.datasource.url=jdbc:h2:mem:wf-main;DB_CLOSE_DELAY=-1");

        assertThat(app.getEnvironment().getProperty("dtm.server-url")).as("an in-process server of its own")
                .isNotEqualTo(dtmServer.server().url()).startsWith("http://127.0.0.1:");
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("TransOut action 200",
                "TransIn action 200", "TransOut action 200", "TransIn action 409", "TransOutRevert rollback 200");
        assertThat(output.getOut()).containsSubsequence("(embedded, in-process)", "{alice=100, bob=100}",
                "1. A workflow moves 30", "TransOut", "alice -30", "TransIn", "bob +30",
                ": succeed, balances {alice=70, bob=130}", "2. The same workflow with TransIn failing", "TransIn",
                "409", "FAILURE", "TransOutRevert", "alice +30", ": failed, balances {alice=70, bob=130}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void theWorkflowTransfersAndRollsBackAgainstTheGivenServer(String database) {
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        TestDatabases.byName(database);
        app = new SpringApplicationBuilder(WorkflowApplication.class).run("--sample.run=false",
                "--sample.exit=false", "--sample.print-calls=false", "--spring.datasource.url=" + url,
                "--dtm.server-url=" + dtmServer.server().url());
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        jdbc.update("update " + Accounts.TABLE + " set balance = 100");
        TransferWorkflow transfers = app.getBean(TransferWorkflow.class);

        String gid = transfers.transfer(null, TransferRequest.of("alice", "bob", 30));
        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);

        DtmTransactionFailedException failed = org.junit.jupiter.api.Assertions.assertThrows(
                DtmTransactionFailedException.class,
                () -> transfers.transfer(null, TransferRequest.of("alice", "bob", 30).failingTransIn()));
        assertThat(dtmServer.server().client().query(failed.gid()).status()).isEqualTo(TransStatus.FAILED);
        assertThat(app.getBean(Accounts.class).balances()).containsAllEntriesOf(Map.of("alice", 70, "bob", 130));
    }
}
