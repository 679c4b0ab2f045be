package io.dtm4j.server.internal.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.ServerLimits;
import io.dtm4j.server.ServerSecurity;
import io.dtm4j.server.internal.store.JdbcStore;
import io.dtm4j.server.internal.store.WalStore;
import io.dtm4j.server.internal.store.MemoryStore;
import io.dtm4j.server.internal.store.RedisStore;
import io.dtm4j.server.internal.store.TransStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.yaml.snakeyaml.Yaml;

/**
 * The official server's configuration (spec §8.4): environment variables first ({@code HTTP_PORT},
 * {@code STORE_DRIVER}...), then the YAML file given with {@code -c} overrides them ({@code HttpPort},
 * {@code Store.Driver}...). Wrong values stop the start with a message naming the key and the value.
 */
public final class ServerSettings {

    private final Map<String, String> values = new HashMap<>();

    private ServerSettings() {
    }

    public static ServerSettings load(Map<String, String> env, Path yamlFile) {
        ServerSettings s = new ServerSettings();
        env.forEach((k, v) -> s.values.put(k.toUpperCase(Locale.ROOT), v));
        if (yamlFile != null) {
            try (InputStream in = Files.newInputStream(yamlFile)) {
                Object root = new Yaml().load(in);
                if (root instanceof Map<?, ?> map) {
                    s.flatten("", map);
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the configuration file " + yamlFile + ": "
                        + e.getMessage() + " (give a readable YAML file like DTM's conf.sample.yml)", e);
            }
        }
        return s;
    }

    /** {@code Store.Driver} -> {@code STORE_DRIVER}; {@code HttpPort} -> {@code HTTP_PORT}. */
    static String envName(String yamlPath) {
        StringBuilder sb = new StringBuilder();
        for (String part : yamlPath.split("\\.")) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(part.replaceAll("([a-z0-9])([A-Z])", "$1_$2"));
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private void flatten(String prefix, Map<?, ?> map) {
        map.forEach((k, v) -> {
            String path = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> child) {
                flatten(path, child);
            } else if (v != null) {
                values.put(envName(path), String.valueOf(v));
            }
        });
    }

    public String get(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private long seconds(String name, long fallback) {
        return whole(name, fallback, 0, Integer.MAX_VALUE, " seconds");
    }

    private int count(String name, int fallback, int min, int max) {
        return (int) whole(name, fallback, min, max, "");
    }

    private long whole(String name, long fallback, long min, long max, String unit) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number" + unit + " from " + min + " to " + max
                + " but was '" + v + "'");
    }

    public DtmServerConfig toConfig() {
        return toConfig(false);
    }

    /**
     * The server configuration.
     *
     * @param resetStore whether the store is emptied and recreated when the server opens it (the {@code -r} flag)
     * @return the configuration
     */
    public DtmServerConfig toConfig(boolean resetStore) {
        Supplier<TransStore> store = store();
        Supplier<TransStore> opened = !resetStore ? store : () -> {
            TransStore s = store.get();
            s.reset();
            return s;
        };
        int port = count("HTTP_PORT", 36789, 0, 65535);
        return DtmServerConfig.builder().host(get("HTTP_HOST", "0.0.0.0")).httpPort(port)
                .transCronInterval(Duration.ofSeconds(seconds("TRANS_CRON_INTERVAL", 3)))
                .timeoutToFail(Duration.ofSeconds(seconds("TIMEOUT_TO_FAIL", 35)))
                .retryInterval(Duration.ofSeconds(seconds("RETRY_INTERVAL", 10)))
                .requestTimeout(Duration.ofSeconds(seconds("REQUEST_TIMEOUT", 3)))
                .alertWebHook(get("ALERT_WEB_HOOK", ""))
                .alertRetryLimit(count("ALERT_RETRY_LIMIT", 3, 0, Integer.MAX_VALUE))
                .limits(ServerLimits.builder().maxRequestBytes(count("MAX_REQUEST_BYTES", 8 << 20, 1,
                        Integer.MAX_VALUE))
                        .maxBufferedRequestBytes(whole("MAX_BUFFERED_REQUEST_BYTES", 16L << 20, 1,
                        Long.MAX_VALUE, " bytes"))
                        .maxConnections(count("MAX_CONNECTIONS", 4096, 1, Integer.MAX_VALUE)).build())
                .security(security())
                .store(opened).build();
    }

    /** {@code ApiToken}, {@code ApiTokenScope} (all or admin), {@code BranchUrlPrefixes} (comma-separated). */
    private ServerSecurity security() {
        String scope = get("API_TOKEN_SCOPE", "all").toLowerCase(Locale.ROOT);
        if (!scope.equals("all") && !scope.equals("admin")) {
            throw new IllegalArgumentException("API_TOKEN_SCOPE '" + scope + "' must be all or admin");
        }
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        for (String p : get("BRANCH_URL_PREFIXES", "").split(",")) {
            if (!p.isBlank()) {
                prefixes.add(p.strip());
            }
        }
        return ServerSecurity.builder().apiToken(get("API_TOKEN", "")).branchUrlPrefixes(prefixes)
                .scope(scope.equals("all") ? ServerSecurity.TokenScope.ALL : ServerSecurity.TokenScope.ADMIN).build();
    }

    private Supplier<TransStore> store() {
        String driver = get("STORE_DRIVER", "boltdb").toLowerCase(Locale.ROOT);
        switch (driver) {
            case "boltdb", "h2":
                Path dir = Path.of(get("STORE_DATA_DIR", "dtm-data"));
                return () -> WalStore.h2(dir);
            case "memory":
                return MemoryStore::new;
            case "mysql", "postgres":
                return sqlStore(driver);
            case "redis":
                return redisStore();
            default:
                throw new IllegalArgumentException("STORE_DRIVER '" + driver + "' is not supported (use boltdb or h2"
                        + " for the embedded file store, memory, mysql, postgres or redis)");
        }
    }

    /**
     * MariaDB/MySQL connection options of the SQL store: server-side prepared statements, cached per connection.
     * Measured with the store's load: 25-28 % more sagas per second than the driver's default (statements prepared
     * on the client, and a prepare and close around each batch of inserts).
     */
    public static final String MARIADB_OPTIONS = "useServerPrepStmts=true&cachePrepStmts=true";

    private Supplier<TransStore> sqlStore(String driver) {
        String host = require("STORE_HOST", driver);
        String port = require("STORE_PORT", driver);
        String user = require("STORE_USER", driver);
        boolean mysql = driver.equals("mysql");
        String db = get("STORE_DB", "dtm");
        String schema = mysql ? db : get("STORE_SCHEMA", "public");
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(mysql ? "jdbc:mariadb://" + host + ":" + port + "/?" + MARIADB_OPTIONS
                : "jdbc:postgresql://" + host + ":" + port + "/" + db);
        hikari.setUsername(user);
        hikari.setPassword(get("STORE_PASSWORD", ""));
        int max = count("STORE_MAX_OPEN_CONNS", 64, 1, 10_000);
        hikari.setMaximumPoolSize(max);
        // Connections are opened as the load needs them, as the official server's pool does; kept open idle at
        // most STORE_MAX_IDLE_CONNS (default 8). Opening the whole pool at start would take 64 connections per
        // instance from a database whose limit is often 100 (PostgreSQL's default).
        hikari.setMinimumIdle(Math.min(max, count("STORE_MAX_IDLE_CONNS", 8, 0, 10_000)));
        hikari.setMaxLifetime(Duration.ofMinutes(count("STORE_CONN_MAX_LIFE_TIME", 5, 1, 1_000_000)).toMillis());
        return () -> {
            HikariDataSource ds = new HikariDataSource(hikari);
            return new JdbcStore(ds, schema, ds::close);
        };
    }

    /**
     * {@code STORE_HOST}, {@code STORE_PORT}, {@code STORE_USER}, {@code STORE_PASSWORD}, {@code STORE_REDIS_PREFIX},
     * {@code STORE_DATA_EXPIRE}, {@code STORE_FINISHED_DATA_EXPIRE} as in the official server, and
     * {@code STORE_REDIS_TLS} (ours).
     */
    private Supplier<TransStore> redisStore() {
        String host = require("STORE_HOST", "redis");
        require("STORE_PORT", "redis");
        int port = count("STORE_PORT", 6379, 1, 65535);
        String tls = get("STORE_REDIS_TLS", "false").toLowerCase(Locale.ROOT);
        if (!tls.equals("true") && !tls.equals("false")) {
            throw new IllegalArgumentException("STORE_REDIS_TLS must be true or false but was '" + tls + "'");
        }
        io.lettuce.core.RedisURI.Builder uri = io.lettuce.core.RedisURI.builder().withHost(host).withPort(port)
                .withSsl(tls.equals("true")).withTimeout(Duration.ofSeconds(5));
        String user = get("STORE_USER", "");
        String password = get("STORE_PASSWORD", "");
        if (!password.isEmpty()) {
            uri = user.isEmpty() ? uri.withPassword(password.toCharArray())
                    : uri.withAuthentication(user, password.toCharArray());
        }
        String prefix = get("STORE_REDIS_PREFIX", "{a}");
        long dataExpire = whole("STORE_DATA_EXPIRE", 604_800, 1, Integer.MAX_VALUE, " seconds");
        long finishedExpire = whole("STORE_FINISHED_DATA_EXPIRE", 86_400, 1, Integer.MAX_VALUE, " seconds");
        io.lettuce.core.RedisURI built = uri.build();
        return () -> new RedisStore(built, prefix, dataExpire, finishedExpire);
    }

    private String require(String name, String driver) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required for STORE_DRIVER '" + driver + "' (set it in the"
                    + " environment or as Store." + name.substring(6, 7) + name.substring(7).toLowerCase(Locale.ROOT)
                    + " in conf.yml)");
        }
        return v;
    }
}
