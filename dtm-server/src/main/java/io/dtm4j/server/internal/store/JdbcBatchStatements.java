package io.dtm4j.server.internal.store;

import io.dtm4j.server.internal.store.JdbcBatcher.Create;
import io.dtm4j.server.internal.store.JdbcBatcher.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a group-commit batch: creations as one batch of inserts (a duplicate gid leaves its row count
 * at 0) and their branch rows, status changes as one batch of conditional updates (a count of 0 is a lost
 * compare-and-set) and the winners' branch rows. A driver that reports no per-row counts fails the batch, which
 * then runs one change at a time.
 */
final class JdbcBatchStatements {

    /** Rows of one multi-row insert (8 parameters each; the drivers' limits are far above). */
    static final int ROWS_PER_INSERT = 64;

    private final String g;
    private final String b;
    private final boolean postgres;

    JdbcBatchStatements(String schema, boolean postgres) {
        this.g = schema + ".trans_global";
        this.b = schema + ".trans_branch_op";
        this.postgres = postgres;
    }

    void insertGlobals(Connection c, List<Create> creates, boolean[] created) throws SQLException {
        if (creates.isEmpty()) {
            return;
        }
        String columns = "(gid, trans_type, status, query_prepared, protocol, create_time, update_time, options,"
                + " custom_data, next_cron_interval, next_cron_time, owner, ext_data, result, rollback_reason)"
                + " values(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        // MySQL: INSERT IGNORE, whose count is 0 for a skipped duplicate (ON DUPLICATE KEY UPDATE would count it
        // as 1 on a connection that reports found rows). IGNORE also turns other errors into warnings, which the
        // request validation rules out first: every column's length is checked before a change gets here.
        String sql = postgres ? "insert into " + g + columns + " on conflict (gid) do nothing"
                : "insert ignore into " + g + columns;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Create create : creates) {
                JdbcRows.bindNewGlobal(ps, create.global());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new SQLException("the driver did not report which rows were inserted");
                }
                created[i] = counts[i] == 1;
            }
        }
    }

    /** The new creations' branch rows, as multi-row inserts of up to {@link #ROWS_PER_INSERT} rows each. */
    void insertBranches(Connection c, List<Create> creates, boolean[] created) throws SQLException {
        List<BranchTrans> rows = new ArrayList<>();
        for (int i = 0; i < creates.size(); i++) {
            if (created[i]) {
                rows.addAll(creates.get(i).branches());
            }
        }
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<BranchTrans> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("insert into ").append(b)
                    .append("(gid, url, bin_data, branch_id, op, status, create_time, update_time) values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?)");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < chunk.size(); i++) {
                    JdbcRows.bindNewBranch(ps, chunk.get(i), i * 8);
                }
                ps.executeUpdate();
            }
        }
    }

    void updateGlobals(Connection c, List<Status> changes, boolean[] changed) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update " + g + " set status=?, update_time=?,"
                + " finish_time=?, rollback_time=?, rollback_reason=?, result=?, owner=?, next_cron_time=?"
                + " where gid=? and status=?")) {
            for (Status s : changes) {
                JdbcRows.bindStatusChange(ps, s.global(), s.old());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new SQLException("the driver did not report which rows were updated");
                }
                changed[i] = counts[i] == 1;
            }
        }
    }

    void updateBranches(Connection c, List<Status> changes, boolean[] changed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + b + " set status=?, finish_time=?,"
                + " rollback_time=?, update_time=? where gid=? and branch_id=? and op=?")) {
            int rows = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (changed[i]) {
                    for (BranchTrans br : changes.get(i).branches()) {
                        JdbcRows.bindBranchResult(ps, br);
                        ps.addBatch();
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                ps.executeBatch();
            }
        }
    }
}
