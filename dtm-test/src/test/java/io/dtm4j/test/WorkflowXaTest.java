package io.dtm4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.Workflows;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A workflow's local database work on the real MariaDB and PostgreSQL with the real server: {@code doXa} branches
 * both prepared in the run and committed in phase 2, or, when the second fails, the first rolled back and nothing
 * changed; and local steps and rollbacks under the subtransaction barrier, applied once when a rollback whose
 * record was lost runs again.
 */
@DtmServerTest
class WorkflowXaTest {

    private static final String ACCOUNTS = "dtm_busi.wf_xa_account";

    private DataSource db;

    private Workflows setUp(String name, DtmTestServer dtm) throws SQLException {
        db = name.equals("mariadb") ? TestDatabases.mariadb() : TestDatabases.postgres();
        BarrierSchema.create(db, BarrierSchema.DEFAULT_TABLE);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + ACCOUNTS + " (user_id int primary key, balance int not null)");
            s.execute("delete from " + ACCOUNTS);
            s.execute("insert into " + ACCOUNTS + " values (1, 100), (2, 100)");
        }
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://127.0.0.1:9/unused").build();
        workflows.register("xa-transfer", (wf, input) -> {
            int amount = Integer.parseInt(new String(input, java.nio.charset.StandardCharsets.UTF_8));
            wf.newBranch().doXa(db, c -> add(c, 1, -amount));
            wf.newBranch().doXa(db, c -> {
                add(c, 2, amount);
                if (amount > 100) {
                    throw new DtmFailureException("amount " + amount + " over the limit of 100");
                }
            });
            return null;
        });
        return workflows;
    }

    private static void add(Connection c, int user, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + ACCOUNTS
                + " set balance = balance + ? where user_id = ?")) {
            ps.setInt(1, amount);
            ps.setInt(2, user);
            ps.executeUpdate();
        }
    }

    private int balance(int user) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select balance from "
                + ACCOUNTS + " where user_id = ?")) {
            ps.setInt(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void bothXaBranchesCommitWhenTheWorkflowSucceeds(String name, DtmTestServer dtm) throws Exception {
        Workflows workflows = setUp(name, dtm);
        String gid = dtm.client().newGid();

        workflows.execute("xa-transfer", gid, "30".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(balance(1)).isEqualTo(70);
        assertThat(balance(2)).isEqualTo(130);
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(dtm.client().query(gid).branches()).extracting(b -> b.branchId() + "-" + b.op())
                .contains("01-business", "01-action", "02-business", "02-action", "02-commit", "01-commit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aFailingXaBranchRollsBackTheOtherAndChangesNothing(String name, DtmTestServer dtm) throws Exception {
        Workflows workflows = setUp(name, dtm);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> workflows.execute("xa-transfer", gid,
                "130".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(DtmTransactionFailedException.class)
                .hasMessageContaining("amount 130 over the limit of 100");

        assertThat(balance(1)).isEqualTo(100);
        assertThat(balance(2)).isEqualTo(100);
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.FAILED);
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                name.equals("mariadb") ? "xa recover" : "select gid from pg_prepared_xacts")) {
            while (rs.next()) {
                assertThat(rs.getString(name.equals("mariadb") ? 4 : 1)).as("left prepared").doesNotStartWith(gid);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void localStepsAndTheirRollbacksUnderTheBarrierApplyOnceWhenARollbackRunsAgain(String name,
            DtmTestServer dtm) throws Exception {
        setUp(name, dtm);
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://127.0.0.1:9/unused").build();
        java.util.concurrent.atomic.AtomicBoolean loseFirstRecord = new java.util.concurrent.atomic.AtomicBoolean(
                true);
        List<io.dtm4j.client.barrier.BarrierOutcome> rollbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        workflows.register("local", (wf, input) -> {
            wf.newBranch().onRollback(barrier -> {
                rollbacks.add(barrier.call(db, c -> add(c, 1, 30)));
                if (loseFirstRecord.getAndSet(false)) {
                    throw new IllegalStateException("the process died before the rollback was recorded");
                }
            });
            wf.doStep(barrier -> {
                barrier.call(db, c -> add(c, 1, -30));
                return null;
            });
            wf.newBranch();
            wf.doStep(barrier -> {
                throw new DtmFailureException("user 2 refuses the money");
            });
            return null;
        });
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> workflows.execute("local", gid, null))
                .isInstanceOf(io.dtm4j.client.DtmTransactionPendingException.class)
                .hasMessageContaining("rollback of branch 01 did not succeed yet");
        assertThat(balance(1)).as("rolled back once").isEqualTo(100);

        assertThatThrownBy(() -> workflows.execute("local", gid, null))
                .isInstanceOf(DtmTransactionFailedException.class)
                .hasMessageContaining("user 2 refuses the money");
        assertThat(rollbacks).as("the rollback ran twice; the barrier applied it once")
                .containsExactly(io.dtm4j.client.barrier.BarrierOutcome.EXECUTED,
                        io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE);
        assertThat(balance(1)).as("still rolled back once").isEqualTo(100);
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.FAILED);
    }
}
