package io.dtm4j.client.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierDialect;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.FakeDtmServer;
import io.dtm4j.client.support.SingleConnectionDataSource;
import io.dtm4j.client.support.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XA participant against the real MariaDB and PostgreSQL. The DTM server's registerBranch is the fake
 * (wire-level) server; the databases and their XA machinery are real.
 */
class XaLocalTransactionDbTest {

    private static final String ACCOUNTS = "dtm_busi.xa_account";

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("mariadb"), Arguments.of("postgres"));
    }

    private DataSource db;
    private XaLocalTransaction xa;
    private String gid;

    private void setUp(String name) throws SQLException {
        db = name.equals("mariadb") ? TestDatabases.mariadb() : TestDatabases.postgres();
        BarrierSchema.create(db, BarrierSchema.DEFAULT_TABLE);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + ACCOUNTS + " (user_id int primary key, balance int not null)");
        }
        rollbackLeftoversOfEarlierRuns();
        xa = XaLocalTransaction.builder(db, dtm.client()).build();
        gid = "xa-" + UUID.randomUUID().toString().substring(0, 8);
        execute("delete from " + ACCOUNTS + " where user_id = 1");
        execute("insert into " + ACCOUNTS + " values (1, 100)");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void actionPreparesAndCommitMakesTheWorkVisible(String name) throws Exception {
        setUp(name);
        dtm.success();

        xa.execute(action(), c -> debit(c, 30));

        String xid = gid + "-01";
        assertThat(preparedXids()).contains(xid);
        assertThat(balance()).as("invisible until phase 2").isEqualTo(100);
        assertThat(FakeDtmServer.json(dtm.take())).isEqualTo(FakeDtmServer.json(
                "{\"gid\":\"" + gid + "\",\"branch_id\":\"01\",\"trans_type\":\"xa\",\"url\":\"http://rm/xa\"}"));

        xa.execute(action().withOp("commit"), null);

        assertThat(balance()).isEqualTo(70);
        assertThat(preparedXids()).doesNotContain(xid);
        assertThat(barrierReasons()).containsExactly("action");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rollbackDiscardsThePreparedWork(String name) throws Exception {
        setUp(name);
        dtm.success();

        xa.execute(action(), c -> debit(c, 30));
        xa.execute(action().withOp("rollback"), null);

        assertThat(balance()).isEqualTo(100);
        assertThat(preparedXids()).doesNotContain(gid + "-01");
        assertThat(barrierReasons()).containsExactly("rollback");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void phase2IsIdempotentAndToleratesUnknownXids(String name) throws Exception {
        setUp(name);
        dtm.success();
        xa.execute(action(), c -> debit(c, 10));

        xa.execute(action().withOp("commit"), null);
        xa.execute(action().withOp("commit"), null);

        assertThat(balance()).isEqualTo(90);
        BranchContext neverRan = BranchContext.of("xa", gid, "02", "rollback");
        xa.execute(neverRan, null);
        assertThat(barrierReasons()).containsExactlyInAnyOrder("action", "rollback");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aFailingWorkRollsBackAndRegistersNothing(String name) throws Exception {
        setUp(name);

        assertThatThrownBy(() -> xa.execute(action(), c -> {
            debit(c, 30);
            throw new DtmFailureException("insufficient balance");
        })).isInstanceOf(DtmFailureException.class).hasMessage("insufficient balance");

        assertThat(balance()).isEqualTo(100);
        assertThat(preparedXids()).doesNotContain(gid + "-01");
        assertThat(barrierReasons()).isEmpty();
        assertThat(dtm.requestCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRefusedRegistrationRollsBack(String name) throws Exception {
        setUp(name);
        dtm.answer(409, "{\"dtm_result\":\"FAILURE\",\"message\":\"no trans with gid: x status: prepared found\"}");

        assertThatThrownBy(() -> xa.execute(action(), c -> debit(c, 30)))
                .isInstanceOf(DtmFailureException.class).hasMessageContaining("registerBranch");

        assertThat(balance()).isEqualTo(100);
        assertThat(preparedXids()).doesNotContain(gid + "-01");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPooledConnectionComesBackCleanAfterFailuresAndSuccess(String name) throws Exception {
        setUp(name);
        SingleConnectionDataSource pool = new SingleConnectionDataSource(db);
        XaLocalTransaction onPool = XaLocalTransaction.builder(pool, dtm.client()).build();
        try {
            assertThatThrownBy(() -> onPool.execute(action(), c -> {
                debit(c, 1);
                throw new DtmFailureException("no");
            })).isInstanceOf(DtmFailureException.class);
            assertCleanAndUsable(pool);

            dtm.answer(409, "{\"dtm_result\":\"FAILURE\"}");
            assertThatThrownBy(() -> onPool.execute(action(), c -> debit(c, 1)))
                    .isInstanceOf(DtmFailureException.class);
            assertCleanAndUsable(pool);

            assertThat(pool.aborted()).isFalse();
            dtm.success();
            onPool.execute(action(), c -> debit(c, 1));
            if (name.equals("mariadb")) {
                assertThat(pool.aborted()).as("MariaDB: the session holding the prepared branch is ended").isTrue();
                xa.execute(action().withOp("commit"), null);
            } else {
                assertCleanAndUsable(pool);
                onPool.execute(action().withOp("commit"), null);
                assertCleanAndUsable(pool);
                assertThat(pool.aborted()).isFalse();
            }
            assertThat(balance()).isEqualTo(99);
        } finally {
            if (!pool.aborted()) {
                pool.closeForReal();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aRetriedActionWhileTheFirstIsPreparedFailsClearlyOnMariaDb() throws Exception {
        setUp("mariadb");
        dtm.success();
        xa.execute(action(), c -> debit(c, 5));

        assertThatThrownBy(() -> xa.execute(action(), c -> debit(c, 5)))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("could not start XA transaction '" + gid + "-01'")
                .hasMessageContaining("earlier attempt prepared");

        xa.execute(action().withOp("commit"), null);
        assertThat(balance()).isEqualTo(95);
    }

    private static void assertCleanAndUsable(SingleConnectionDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + ACCOUNTS)) {
                assertThat(rs.next()).isTrue();
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void refusesAGidThatWouldBreakTheXid(String name) throws Exception {
        setUp(name);
        BranchContext quoted = new BranchContext("xa", "it's", "01", "action", null, "http://rm/xa");

        assertThatThrownBy(() -> xa.execute(quoted, c -> debit(c, 1))).isInstanceOf(DtmException.class)
                .hasMessageContaining("xid 'it's-01' contains a quote")
                .hasMessageContaining("use gids of letters");
        assertThatThrownBy(() -> xa.execute(BranchContext.of("saga", gid, "01", "action"), c -> { }))
                .hasMessageContaining("is not an XA branch: trans_type is 'saga'");
        assertThatThrownBy(() -> xa.execute(BranchContext.of("xa", gid, "01", "action"), c -> { }))
                .hasMessageContaining("has no phase2_url");
        assertThat(balance()).isEqualTo(100);
    }

    /** A prepared XA branch left by an aborted run would hold row locks for ever; roll such test xids back. */
    private void rollbackLeftoversOfEarlierRuns() throws SQLException {
        for (String xid : preparedXids()) {
            if (xid.startsWith("xa-")) {
                try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                    boolean mysql = BarrierDialect.detect(c) == BarrierDialect.MYSQL;
                    s.execute((mysql ? "xa rollback '" : "rollback prepared '") + xid + "'");
                }
            }
        }
    }

    private BranchContext action() {
        return new BranchContext("xa", gid, "01", "action", dtm.apiUrl(), "http://rm/xa");
    }

    private static void debit(Connection c, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + ACCOUNTS
                + " set balance = balance - ? where user_id = 1")) {
            ps.setInt(1, amount);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private int balance() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select balance from " + ACCOUNTS + " where user_id = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> barrierReasons() throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select reason from " + BarrierSchema.DEFAULT_TABLE + " where gid = ? order by id")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add(rs.getString(1));
                }
            }
        }
        return reasons;
    }

    private List<String> preparedXids() throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            boolean mysql = BarrierDialect.detect(c) == BarrierDialect.MYSQL;
            try (ResultSet rs = s.executeQuery(mysql ? "xa recover" : "select gid from pg_prepared_xacts")) {
                while (rs.next()) {
                    xids.add(rs.getString(mysql ? "data" : "gid"));
                }
            }
        }
        return xids;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
