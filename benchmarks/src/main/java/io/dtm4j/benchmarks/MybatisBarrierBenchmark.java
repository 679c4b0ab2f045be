package io.dtm4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.mybatis.MybatisBarrier;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One short MyBatis transaction (a session, one mapper update, commit) with and without the MyBatis barrier (its
 * row written by the barrier mapper in the same session), on the real MariaDB and PostgreSQL; each barrier call is
 * a new gid, as in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MybatisBarrierBenchmark {

    private static final String ACCOUNTS = "dtm_busi.bench_mybatis_account";
    private static final int ACCOUNT_COUNT = 1000;

    /** The business mapper. */
    public interface AccountMapper {
        @Update("update " + ACCOUNTS + " set balance = balance + 1 where id = #{id}")
        int increment(@Param("id") int id);
    }

    @org.openjdk.jmh.annotations.Param({"mariadb", "postgres"})
    public String db;

    private HikariDataSource dataSource;
    private SqlSessionFactory factory;
    private MybatisBarrier barrier;
    private final String run = "bench-mb-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dataSource = Databases.withAccounts(db, ACCOUNTS, ACCOUNT_COUNT);
        Configuration configuration = new Configuration(new Environment("bench", new JdbcTransactionFactory(),
                dataSource));
        configuration.addMapper(AccountMapper.class);
        factory = new SqlSessionFactoryBuilder().build(configuration);
        barrier = MybatisBarrier.create(factory);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        Databases.deleteBarrierRows(dataSource, run);
        dataSource.close();
    }

    @Benchmark
    public int bareTransaction() {
        try (SqlSession session = factory.openSession(false)) {
            int changed = increment(session);
            session.commit();
            return changed;
        }
    }

    @Benchmark
    public BarrierOutcome barrierTransaction() {
        BranchContext ctx = BranchContext.of("saga", run + sequence.incrementAndGet(), "01", "action");
        return barrier.forBranch(ctx).call(MybatisBarrierBenchmark::increment);
    }

    private static int increment(SqlSession session) {
        return session.getMapper(AccountMapper.class).increment(ThreadLocalRandom.current().nextInt(ACCOUNT_COUNT));
    }
}
