package io.dtm4j.mybatis;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.BarrierTruthTableContract;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** Plain MyBatis (no Spring) on one real database: an account mapper, the barrier, and a statement log. */
final class MybatisFixture implements BarrierTruthTableContract.Handler {

    final DataSource db;
    final StatementLog log = new StatementLog();
    final SqlSessionFactory factory;
    final MybatisBarrier barrier;
    final String gid = "mb-" + UUID.randomUUID().toString().substring(0, 12);

    MybatisFixture(String name) throws SQLException {
        db = TestDatabases.byName(name);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            if (name.equals("h2")) {
                s.execute("create schema if not exists dtm_busi");
            }
            s.execute("create table if not exists " + AccountMapper.TABLE + " (user_id varchar(64) primary key,"
                    + " balance int not null)");
            s.execute("insert into " + AccountMapper.TABLE + " values ('" + gid + "', 100)");
        }
        BarrierSchema.create(db, BarrierSchema.DEFAULT_TABLE);
        Configuration configuration = new Configuration(new Environment("test", new JdbcTransactionFactory(), db));
        configuration.addMapper(AccountMapper.class);
        configuration.addInterceptor(log);
        factory = new SqlSessionFactoryBuilder().build(configuration);
        barrier = MybatisBarrier.create(factory);
    }

    BranchContext ctx(String transType, String op) {
        return BranchContext.of(transType, gid, "01", op);
    }

    BranchContext msgCtx() {
        return BranchContext.of("msg", gid, "00", "msg");
    }

    /** A handler: the barrier, in its own session, around "add amount to this test's account". */
    BarrierOutcome handle(String transType, String op, int amount) {
        return handle(ctx(transType, op), amount);
    }

    @Override
    public String gid() {
        return gid;
    }

    @Override
    public BarrierOutcome handle(BranchContext ctx, int amount) {
        return barrier.forBranch(ctx).call(s -> add(s, amount));
    }

    @Override
    public BarrierOutcome handleAndThrow(BranchContext ctx, int amount, RuntimeException e) {
        return barrier.forBranch(ctx).call(s -> {
            add(s, amount);
            throw e;
        });
    }

    @Override
    public List<BarrierOutcome> handleInTwoCalls(BranchContext ctx, int first, int second) {
        MybatisBranchBarrier request = barrier.forBranch(ctx);
        return List.of(request.call(s -> add(s, first)), request.call(s -> add(s, second)));
    }

    @Override
    public DtmResult queryPrepared() {
        return barrier.queryPrepared(gid);
    }

    void add(SqlSession session, int amount) {
        if (session.getMapper(AccountMapper.class).add(gid, amount) != 1) {
            throw new IllegalStateException("account " + gid + " missing");
        }
    }

    @Override
    public int balance() {
        try (SqlSession s = factory.openSession()) {
            return s.getMapper(AccountMapper.class).balance(gid);
        }
    }

    /** Barrier rows of this gid as "branch_id/op/barrier_id/reason", in insertion order, read with JDBC. */
    @Override
    public List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select branch_id, op, barrier_id, reason from " + BarrierSchema.DEFAULT_TABLE
                        + " where gid = ? order by id")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4));
                }
            }
        }
        return rows;
    }
}
