package io.dtm4j.client.barrier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates the barrier table (and its database or schema) if it does not exist, from the DDL shipped for each
 * dialect. Idempotent.
 *
 * <pre>{@code
 * BarrierSchema.create(dataSource, "dtm_barrier.barrier");
 * }</pre>
 */
public final class BarrierSchema {

    /** The table DTM uses by default. */
    public static final String DEFAULT_TABLE = "dtm_barrier.barrier";

    private BarrierSchema() {
    }

    /**
     * Creates the table through a new connection, detecting the dialect.
     *
     * @param dataSource the database
     * @param table {@code schema.table}, e.g. {@link #DEFAULT_TABLE}
     * @throws SQLException when a statement fails
     */
    public static void create(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try {
                create(connection, BarrierDialect.detect(connection), table);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Creates the table on the given connection.
     *
     * @param connection an open connection
     * @param dialect the dialect
     * @param table {@code schema.table}
     * @throws SQLException when a statement fails
     */
    public static void create(Connection connection, BarrierDialect dialect, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl(dialect, table).split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    /**
     * The DDL for a dialect and table name.
     *
     * @param dialect the dialect
     * @param table {@code schema.table}
     * @return the statements, separated by {@code ;}
     * @throws IllegalArgumentException when the table name is not {@code schema.table} of plain identifiers
     */
    public static String ddl(BarrierDialect dialect, String table) {
        if (table == null || !table.matches("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("barrier table '" + table + "' must be schema.table of plain"
                    + " identifiers (for example " + DEFAULT_TABLE + ")");
        }
        String schema = table.substring(0, table.indexOf('.'));
        String name = table.substring(table.indexOf('.') + 1);
        StringBuilder sb = new StringBuilder();
        for (String line : read(dialect.ddlResource()).split("\n")) {
            if (!line.startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        // The scripts name the default table. Its names become markers first (the constraint and index names, then
        // the table, then the schema), so a given name that contains a default one is not replaced again. The
        // PostgreSQL script keeps DTM's constraint name for the default table; constraint names are per schema there,
        // so any other table gets its own.
        String script = sb.toString();
        if (!table.equals(DEFAULT_TABLE)) {
            script = script.replace("constraint uniq_barrier ", "constraint {{N}}_uniq_barrier ");
        }
        return script.replace("barrier_uniq_barrier", "{{N}}_uniq_barrier")
                .replace("barrier_create_time", "{{N}}_create_time").replace(DEFAULT_TABLE, "{{T}}")
                .replace("dtm_barrier", "{{S}}").replace("{{N}}", name).replace("{{T}}", table)
                .replace("{{S}}", schema);
    }

    private static String read(String resource) {
        try (InputStream in = BarrierSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource " + resource + " is missing from the dtm-client jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
