package io.dtm4j.client.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real databases the tests use. A database that does not answer fails the test at once with the remedy; it is
 * never skipped. URLs can be overridden with DTM4J_MARIADB_URL and DTM4J_POSTGRES_URL.
 */
public final class TestDatabases {

    public static final String MARIADB_URL = env("DTM4J_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
    public static final String POSTGRES_URL = env("DTM4J_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public static final String REDIS_HOST = env("DTM4J_REDIS_HOST", "127.0.0.1");
    public static final int REDIS_PORT = Integer.parseInt(env("DTM4J_REDIS_PORT", "6379"));

    private TestDatabases() {
    }

    /** A Jedis client on the test Redis, checked with PING. */
    public static redis.clients.jedis.JedisPooled redis() {
        redis.clients.jedis.JedisPooled jedis = new redis.clients.jedis.JedisPooled(REDIS_HOST, REDIS_PORT);
        try {
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            jedis.close();
            throw new AssertionError("Redis is not reachable at " + REDIS_HOST + ":" + REDIS_PORT + ": " + e
                    + " (run scripts/services.sh, which starts or installs it, or set DTM4J_REDIS_HOST/PORT)", e);
        }
    }

    public static DataSource mariadb() {
        try {
            MariaDbDataSource ds = new MariaDbDataSource();
            ds.setUrl(MARIADB_URL);
            return checked(ds, "MariaDB", MARIADB_URL);
        } catch (SQLException e) {
            throw unreachable("MariaDB", MARIADB_URL, e);
        }
    }

    /** The test MariaDB with extra connection options ({@code name=value&...}) after the URL's own. */
    public static DataSource mariadb(String options) {
        String url = MARIADB_URL + (MARIADB_URL.contains("?") ? "&" : "?") + options;
        try {
            MariaDbDataSource ds = new MariaDbDataSource();
            ds.setUrl(url);
            return checked(ds, "MariaDB", url);
        } catch (SQLException e) {
            throw unreachable("MariaDB", url, e);
        }
    }

    /** An in-memory H2 database shared for the JVM's life. */
    public static DataSource h2() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:mem:dtm4j;DB_CLOSE_DELAY=-1");
        return checked(ds, "H2", "jdbc:h2:mem:dtm4j");
    }

    public static DataSource byName(String name) {
        return switch (name) {
            case "mariadb" -> mariadb();
            case "postgres" -> postgres();
            case "h2" -> h2();
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static DataSource postgres() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(POSTGRES_URL);
        return checked(ds, "PostgreSQL", POSTGRES_URL);
    }

    private static DataSource checked(DataSource ds, String name, String url) {
        try (Connection c = ds.getConnection()) {
            if (!c.isValid(5)) {
                throw new SQLException("connection is not valid");
            }
            return ds;
        } catch (SQLException e) {
            throw unreachable(name, url, e);
        }
    }

    private static AssertionError unreachable(String name, String url, SQLException e) {
        return new AssertionError(name + " is not reachable at " + url + ": " + e.getMessage()
                + " (run scripts/services.sh, which starts or installs it, or set the URL's environment variable)",
                e);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
