package io.dtm4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Where the benchmarks find the services (the same defaults and variables as the tests), and the account table
 * the barrier benchmarks update.
 */
final class Databases {

    static final String MARIADB_URL = env("DTM4J_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
    static final String POSTGRES_URL = env("DTM4J_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String REDIS_HOST = env("DTM4J_REDIS_HOST", "127.0.0.1");
    static final int REDIS_PORT = Integer.parseInt(env("DTM4J_REDIS_PORT", "6379"));

    private Databases() {
    }

    /**
     * A pool of 4 on the database, with the barrier table and an account table of {@code count} rows at 0.
     *
     * @param db mariadb or postgres
     * @param accounts the account table, {@code (id int primary key, balance bigint)}
     * @param count how many accounts
     */
    static HikariDataSource withAccounts(String db, String accounts, int count) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.equals("mariadb") ? MARIADB_URL : POSTGRES_URL);
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        BarrierSchema.create(dataSource, BarrierSchema.DEFAULT_TABLE);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + accounts + " (id int primary key, balance bigint not null)");
            s.execute("delete from " + accounts);
            try (PreparedStatement ps = c.prepareStatement("insert into " + accounts + " values (?, 0)")) {
                for (int i = 0; i < count; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return dataSource;
    }

    /**
     * The database's own single-row insert commit rate, the baseline of a SQL store: {@code clients} threads, each
     * inserting one row of about the size of a transaction row into a scratch table and committing.
     *
     * @param db mariadb or postgres
     * @param seconds how long
     * @param clients threads (and pooled connections)
     * @return the result row
     */
    static SagaLoad.Result insertCommitRate(String db, int seconds, int clients) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.equals("mariadb") ? MARIADB_URL : POSTGRES_URL);
        config.setMaximumPoolSize(clients);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table if not exists bench_insert_rate (id bigint primary key, gid varchar(128),"
                        + " payload varchar(1024))");
                s.execute("delete from bench_insert_rate");
            }
            java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
            String payload = "x".repeat(400);
            SagaLoad.Result r = SagaLoad.run("database: 1-row insert and commit", seconds, clients, () -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "insert into bench_insert_rate values (?, ?, ?)")) {
                    long id = ids.incrementAndGet();
                    ps.setLong(1, id);
                    ps.setString(2, "gid-" + id);
                    ps.setString(3, payload);
                    ps.executeUpdate();
                }
            });
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table bench_insert_rate");
            }
            return r;
        }
    }

    /** Deletes the barrier rows a benchmark run wrote (its gids start with {@code run}). */
    static void deleteBarrierRows(DataSource dataSource, String run) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from " + BarrierSchema.DEFAULT_TABLE + " where gid like ?")) {
            ps.setString(1, run + "%");
            ps.executeUpdate();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
