package io.dtm4j.client.xa;

import io.dtm4j.client.barrier.BarrierDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The XA statements of each dialect: MySQL/MariaDB {@code XA START/END/PREPARE/COMMIT/ROLLBACK}, PostgreSQL
 * {@code PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK PREPARED}.
 */
final class XaSql {

    private XaSql() {
    }

    static void begin(Connection c, BarrierDialect dialect, String xid) throws SQLException {
        if (dialect == BarrierDialect.MYSQL) {
            c.setAutoCommit(true);
            execute(c, "xa start '" + xid + "'");
        } else {
            c.setAutoCommit(false);
        }
    }

    static void prepare(Connection c, BarrierDialect dialect, String xid) throws SQLException {
        if (dialect == BarrierDialect.MYSQL) {
            execute(c, "xa end '" + xid + "'");
            execute(c, "xa prepare '" + xid + "'");
        } else {
            execute(c, "prepare transaction '" + xid + "'");
        }
    }

    /** Rolls back an XA transaction that is still open on this connection (before prepare). */
    static void rollbackOpen(Connection c, BarrierDialect dialect, String xid) throws SQLException {
        if (dialect == BarrierDialect.MYSQL) {
            try {
                execute(c, "xa end '" + xid + "'");
            } catch (SQLException alreadyEnded) {
                // XA END fails when the transaction already ended; XA ROLLBACK still applies.
            }
            execute(c, "xa rollback '" + xid + "'");
        } else {
            c.rollback();
        }
    }

    /**
     * Phase 2. Returns {@code false} when the database does not know the xid (already finished, or never
     * prepared), which DTM treats as done.
     */
    static boolean finish(Connection c, BarrierDialect dialect, String xid, boolean commit) throws SQLException {
        String sql = dialect == BarrierDialect.MYSQL ? (commit ? "xa commit '" : "xa rollback '") + xid + "'"
                : (commit ? "commit prepared '" : "rollback prepared '") + xid + "'";
        try {
            execute(c, sql);
            return true;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("XAER_NOTA") || e.getErrorCode() == 1397 || "42704".equals(e.getSQLState())
                    || message.contains("does not exist")) {
                return false;
            }
            throw e;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
