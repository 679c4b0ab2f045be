package io.dtm4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One short local transaction (one update, commit) with and without the JDBC barrier, on the real MariaDB and
 * PostgreSQL. Each barrier call is a new branch (a new gid), as in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcBarrierBenchmark {

    private static final String ACCOUNTS = "dtm_busi.bench_account";
    private static final int ACCOUNT_COUNT = 1000;

    @Param({"mariadb", "postgres"})
    public String db;

    private HikariDataSource dataSource;
    private final JdbcBarrier barrier = JdbcBarrier.defaults();
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dataSource = Databases.withAccounts(db, ACCOUNTS, ACCOUNT_COUNT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        Databases.deleteBarrierRows(dataSource, run);
        dataSource.close();
    }

    @Benchmark
    public void bareTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            update(c);
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** The floor: the same transaction with one hand-written barrier-row insert, no library in between. */
    @Benchmark
    public void bareTransactionPlusInsert() throws SQLException {
        String sql = db.equals("mariadb")
                ? "insert ignore into dtm_barrier.barrier(trans_type, gid, branch_id, op, barrier_id, reason)"
                        + " values(?,?,?,?,?,?)"
                : "insert into dtm_barrier.barrier(trans_type, gid, branch_id, op, barrier_id, reason)"
                        + " values(?,?,?,?,?,?) on conflict (gid, branch_id, op, barrier_id) do nothing";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, "saga");
                ps.setString(2, run + "floor-" + sequence.incrementAndGet());
                ps.setString(3, "01");
                ps.setString(4, "action");
                ps.setString(5, "01");
                ps.setString(6, "action");
                ps.executeUpdate();
            }
            update(c);
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @Benchmark
    public Object barrierTransaction() {
        BranchContext ctx = BranchContext.of("saga", run + sequence.incrementAndGet(), "01", "action");
        return barrier.forBranch(ctx).call(dataSource, JdbcBarrierBenchmark::update);
    }

    private static void update(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + ACCOUNTS
                + " set balance = balance + 1 where id = ?")) {
            ps.setInt(1, ThreadLocalRandom.current().nextInt(ACCOUNT_COUNT));
            ps.executeUpdate();
        }
    }
}
