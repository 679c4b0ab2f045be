package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmResult;
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

/**
 * One real database with the barrier table and an account table, and the helpers the barrier tests share.
 */
final class BarrierFixture implements BarrierTruthTableContract.Handler {

    static final String ACCOUNTS = "dtm_busi.barrier_account";

    final DataSource db;
    final JdbcBarrier barrier = JdbcBarrier.defaults();
    final String gid = "bar-" + UUID.randomUUID().toString().substring(0, 12);

    BarrierFixture(String name) throws SQLException {
        db = TestDatabases.byName(name);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            if (name.equals("h2")) {
                s.execute("create schema if not exists dtm_busi");
            }
            s.execute("create table if not exists " + ACCOUNTS + " (user_id varchar(64) primary key,"
                    + " balance int not null)");
        }
        BarrierSchema.create(db, BarrierSchema.DEFAULT_TABLE);
        execute("insert into " + ACCOUNTS + " values ('" + gid + "', 100)");
    }

    BranchContext ctx(String transType, String op) {
        return BranchContext.of(transType, gid, "01", op);
    }

    BranchContext msgCtx() {
        return BranchContext.of("msg", gid, "00", "msg");
    }

    /** A handler: the barrier around "add amount to this test's account". */
    BarrierOutcome handle(String transType, String op, int amount) {
        return handle(ctx(transType, op), amount);
    }

    @Override
    public String gid() {
        return gid;
    }

    @Override
    public BarrierOutcome handle(BranchContext ctx, int amount) {
        return barrier.forBranch(ctx).call(db, c -> add(c, amount));
    }

    @Override
    public BarrierOutcome handleAndThrow(BranchContext ctx, int amount, RuntimeException e) {
        return barrier.forBranch(ctx).call(db, c -> {
            add(c, amount);
            throw e;
        });
    }

    @Override
    public List<BarrierOutcome> handleInTwoCalls(BranchContext ctx, int first, int second) {
        BranchBarrier request = barrier.forBranch(ctx);
        return List.of(request.call(db, c -> add(c, first)), request.call(db, c -> add(c, second)));
    }

    @Override
    public DtmResult queryPrepared() {
        return barrier.queryPrepared(db, gid);
    }

    void add(Connection c, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + ACCOUNTS
                + " set balance = balance + ? where user_id = ?")) {
            ps.setInt(1, amount);
            ps.setString(2, gid);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("account " + gid + " missing");
            }
        }
    }

    @Override
    public int balance() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select balance from " + ACCOUNTS + " where user_id = ?")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Barrier rows of this gid as "branch_id/op/barrier_id/reason", in insertion order. */
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

    void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
