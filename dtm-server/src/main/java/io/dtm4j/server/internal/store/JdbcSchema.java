package io.dtm4j.server.internal.store;

import io.dtm4j.client.barrier.BarrierDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates (or drops and recreates) the official tables of the SQL store from the DDL resource of a dialect. */
final class JdbcSchema {

    private JdbcSchema() {
    }

    static void create(DataSource dataSource, BarrierDialect dialect, String schema, boolean dropFirst) {
        String file = dialect.name().toLowerCase(java.util.Locale.ROOT) + ".sql";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (dropFirst) {
                for (String table : new String[] {"trans_global", "trans_branch_op", "kv"}) {
                    s.execute("drop table if exists " + schema + "." + table);
                }
            }
            for (String statement : ddl(file).replace("${schema}", schema).split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.FAILED, "cannot " + (dropFirst ? "reset" : "create")
                    + " the DTM tables in schema '" + schema + "': " + e.getMessage()
                    + " (check the Store settings, the user's rights, and that the database is up)", e);
        }
    }

    private static String ddl(String file) {
        try (InputStream in = JdbcSchema.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource " + file + " is missing from the dtm-server jar");
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
