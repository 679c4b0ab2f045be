package io.dtm4j.client.barrier;

import java.sql.SQLException;

/**
 * Dialect-specific statements of barrier maintenance, and recognition of a missing barrier table.
 */
final class BarrierSql {

    private BarrierSql() {
    }

    /** Deletes one batch; parameters: age in seconds, batch size. Ages use the database clock. */
    static String deleteOlderThan(BarrierDialect dialect, String table) {
        return switch (dialect) {
            case MYSQL -> "delete from " + table + " where create_time < now() - interval ? second limit ?";
            case POSTGRES -> "delete from " + table + " where id in (select id from " + table
                    + " where create_time < now() - (? * interval '1 second') limit ?)";
            default -> "delete from " + table + " where id in (select id from " + table
                    + " where create_time < dateadd('SECOND', -?, current_timestamp) limit ?)";
        };
    }

    /** The first SQLException in a cause chain (a data-access layer's wrapper, say), or null. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** Deadlock or serialization failure: SQLState class 40 (MySQL/MariaDB 1213 and 1205 too). */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ((s.getSQLState() != null && s.getSQLState().startsWith("40"))
                    || s.getErrorCode() == 1213 || s.getErrorCode() == 1205)) {
                return true;
            }
        }
        return false;
    }

    /** MySQL/MariaDB 1146 (table) and 1049 (database), PostgreSQL 42P01 and 3F000, H2 42S02 / 42102 / 90079. */
    static boolean isMissingTable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                int code = s.getErrorCode();
                if (state.equals("42S02") || state.equals("42P01") || state.equals("3F000") || code == 1146
                        || code == 1049 || code == 42102 || code == 90079) {
                    return true;
                }
            }
        }
        return false;
    }
}
