package io.dtm4j.server.internal.store;

import io.dtm4j.client.TransType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Maps rows of the official tables to the store's holders, and times to JDBC timestamps. */
final class JdbcRows {

    private JdbcRows() {
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
