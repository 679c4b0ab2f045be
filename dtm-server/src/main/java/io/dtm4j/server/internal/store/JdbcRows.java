package io.dtm4j.server.internal.store;

import io.dtm4j.client.TransType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Maps rows of the official tables to the store's holders, and times to JDBC timestamps. */
final class JdbcRows {

    private JdbcRows() {
    }

    /** Binds the 15 columns of a new transaction row, in the store's insert order. */
    static void bindNewGlobal(PreparedStatement ps, GlobalTrans g) throws SQLException {
        int i = 1;
        ps.setString(i++, g.gid);
        ps.setString(i++, g.transType.wireName());
        ps.setString(i++, g.status.wire());
        ps.setString(i++, g.queryPrepared);
        ps.setString(i++, g.protocol);
        ps.setTimestamp(i++, ts(g.createTime));
        ps.setTimestamp(i++, ts(g.updateTime));
        ps.setString(i++, g.options);
        ps.setString(i++, g.customData);
        ps.setLong(i++, g.nextCronInterval);
        ps.setTimestamp(i++, ts(g.nextCronTime));
        ps.setString(i++, g.owner);
        ps.setString(i++, g.extData);
        ps.setString(i++, g.result);
        ps.setString(i, g.rollbackReason);
    }

    /** Binds the 8 columns of a new branch row: gid, url, bin_data, branch_id, op, status, times. */
    static void bindNewBranch(PreparedStatement ps, BranchTrans br) throws SQLException {
        bindNewBranch(ps, br, 0);
    }

    /** Binds a new branch row's 8 values after the first {@code offset} parameters (a multi-row insert). */
    static void bindNewBranch(PreparedStatement ps, BranchTrans br, int offset) throws SQLException {
        ps.setString(offset + 1, br.gid);
        ps.setString(offset + 2, br.url);
        ps.setBytes(offset + 3, br.binData);
        ps.setString(offset + 4, br.branchId);
        ps.setString(offset + 5, br.op);
        ps.setString(offset + 6, br.status.wire());
        ps.setTimestamp(offset + 7, ts(br.createTime));
        ps.setTimestamp(offset + 8, ts(br.updateTime));
    }

    /** Binds a status change: the new values, then gid and the old status of its where clause. */
    static void bindStatusChange(PreparedStatement ps, GlobalTrans g, TransStatus old) throws SQLException {
        ps.setString(1, g.status.wire());
        ps.setTimestamp(2, ts(g.updateTime));
        ps.setTimestamp(3, ts(g.finishTime));
        ps.setTimestamp(4, ts(g.rollbackTime));
        ps.setString(5, g.rollbackReason);
        ps.setString(6, g.result);
        ps.setString(7, g.owner);
        ps.setTimestamp(8, ts(g.nextCronTime));
        ps.setString(9, g.gid);
        ps.setString(10, old.wire());
    }

    /** Binds a branch result: status and times, then gid, branch_id and op of its where clause. */
    static void bindBranchResult(PreparedStatement ps, BranchTrans br) throws SQLException {
        ps.setString(1, br.status.wire());
        ps.setTimestamp(2, ts(br.finishTime));
        ps.setTimestamp(3, ts(br.rollbackTime));
        ps.setTimestamp(4, ts(br.updateTime));
        ps.setString(5, br.gid);
        ps.setString(6, br.branchId);
        ps.setString(7, br.op);
    }

    static GlobalTrans global(ResultSet rs) throws SQLException {
        GlobalTrans t = new GlobalTrans();
        t.id = rs.getLong("id");
        t.gid = rs.getString("gid");
        try {
            t.transType = TransType.fromWireName(rs.getString("trans_type"));
            t.status = TransStatus.of(rs.getString("status"));
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.FAILED, "the stored row of gid '" + t.gid + "' is not a DTM"
                    + " transaction: " + e.getMessage() + " (fix or delete the row)", e);
        }
        t.queryPrepared = nz(rs.getString("query_prepared"));
        t.protocol = nz(rs.getString("protocol"));
        t.createTime = instant(rs.getTimestamp("create_time"));
        t.updateTime = instant(rs.getTimestamp("update_time"));
        t.finishTime = instant(rs.getTimestamp("finish_time"));
        t.rollbackTime = instant(rs.getTimestamp("rollback_time"));
        t.options = nz(rs.getString("options"));
        t.customData = nz(rs.getString("custom_data"));
        t.nextCronInterval = rs.getLong("next_cron_interval");
        t.nextCronTime = instant(rs.getTimestamp("next_cron_time"));
        t.owner = nz(rs.getString("owner"));
        t.extData = nz(rs.getString("ext_data"));
        t.result = nz(rs.getString("result"));
        t.rollbackReason = nz(rs.getString("rollback_reason"));
        return t;
    }

    static BranchTrans branch(ResultSet rs) throws SQLException {
        byte[] data = rs.getBytes("bin_data");
        BranchTrans t = BranchTrans.of(rs.getString("gid"), rs.getString("branch_id"), rs.getString("op"),
                rs.getString("url"), data, instant(rs.getTimestamp("create_time")));
        t.id = rs.getLong("id");
        try {
            t.status = BranchStatus.of(rs.getString("status"));
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.FAILED, "the stored branch row " + t.branchId + "/" + t.op
                    + " of gid '" + t.gid + "' is not a DTM branch: " + e.getMessage() + " (fix or delete the row)", e);
        }
        t.updateTime = instant(rs.getTimestamp("update_time"));
        t.finishTime = instant(rs.getTimestamp("finish_time"));
        t.rollbackTime = instant(rs.getTimestamp("rollback_time"));
        return t;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
