package io.dtm4j.client.barrier;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL dialects the barrier (and the XA participant) support, with their "insert if absent" statement.
 *
 * <p>Detected from a connection's metadata with {@link #detect(Connection)}; override it where detection cannot
 * work (a proxy driver, say).
 */
public enum BarrierDialect {

    /** MySQL and MariaDB: {@code insert ignore}. */
    MYSQL("mysql.sql"),
    /** PostgreSQL: {@code on conflict do nothing}. */
    POSTGRES("postgres.sql"),
    /** H2: a plain insert whose unique-key violation counts as "already there". */
    H2("h2.sql");

    private static final String COLUMNS = "(trans_type, gid, branch_id, op, barrier_id, reason) values(?,?,?,?,?,?)";

    private final String ddlResource;

    BarrierDialect(String ddlResource) {
        this.ddlResource = ddlResource;
    }

    /**
     * Classpath resource of the DDL that creates the barrier table in this dialect.
     *
     * @return the resource path, with {@code ${schema}}, {@code ${table}} and {@code ${name}} placeholders
     */
    public String ddlResource() {
        return "/io/dtm4j/client/barrier/" + ddlResource;
    }

    /**
     * Detects the dialect of a connection.
     *
     * @param connection an open connection
     * @return the dialect
     * @throws SQLException when the metadata cannot be read
     * @throws IllegalArgumentException naming the product and URL when the database is not supported
     */
    public static BarrierDialect detect(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("mysql") || product.contains("mariadb")) {
            return MYSQL;
        }
        if (product.contains("postgres")) {
            return POSTGRES;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("database '" + meta.getDatabaseProductName() + "' at " + meta.getURL()
                + " is not supported (dtm4j supports MySQL/MariaDB, PostgreSQL and H2; set the dialect explicitly"
                + " if this database speaks one of them)");
    }

    /**
     * Inserts one barrier row unless a row with the same {@code (gid, branch_id, op, barrier_id)} exists.
     *
     * @param connection the connection, inside the caller's transaction
     * @param table the barrier table, e.g. {@code dtm_barrier.barrier}
     * @param row the six values: trans_type, gid, branch_id, op, barrier_id, reason
     * @return 1 when inserted, 0 when the row was already there
     * @throws SQLException on any other database error
     */
    public int insertIgnore(Connection connection, String table, String... row) throws SQLException {
        String sql = switch (this) {
            case MYSQL -> "insert ignore into " + table + COLUMNS;
            case POSTGRES -> "insert into " + table + COLUMNS + " on conflict (gid, branch_id, op, barrier_id)"
                    + " do nothing";
            default -> "insert into " + table + COLUMNS;
        };
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < row.length; i++) {
                ps.setString(i + 1, row[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (this == H2 && "23505".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }
}
