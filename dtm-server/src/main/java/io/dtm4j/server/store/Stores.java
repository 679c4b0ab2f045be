package io.dtm4j.server.store;

import io.dtm4j.server.internal.store.JdbcStore;
import io.dtm4j.server.internal.store.WalStore;
import io.dtm4j.server.internal.store.MemoryStore;
import io.dtm4j.server.internal.store.RedisStore;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The stores: in memory (tests), the embedded store (the default of a standalone server: nothing to install, every
 * acknowledged change synced to disk), MariaDB/MySQL or PostgreSQL through a {@link DataSource} with the official
 * tables, and Redis with the official key layout.
 *
 * <pre>{@code
 * DtmServerConfig.builder().store(() -> Stores.h2File(Path.of("data"))).build();
 * }</pre>
 */
public final class Stores {

    private Stores() {
    }

    /**
     * A new in-memory store.
     *
     * @return the store
     */
    public static DtmStore memory() {
        return new MemoryStore();
    }

    /**
     * The embedded store: an H2 database in {@code directory/dtm.mv.db}, tables created on first start.
     *
     * @param directory where the database file lives (created if missing)
     * @return the store; closing it closes the database
     */
    public static DtmStore h2File(Path directory) {
        return WalStore.h2(directory);
    }

    /**
     * A store on Redis, in the official Redis store's key layout, so a Redis can move between the official server
     * and this one.
     *
     * @param redisUrl e.g. {@code redis://127.0.0.1:6379}, {@code redis://user:password@host:6379/0}, or
     *     {@code rediss://...} for TLS
     * @param prefix the key prefix, {@code {a}} in the official server
     * @return the store; closing it closes its connection
     */
    public static DtmStore redis(String redisUrl, String prefix) {
        return new RedisStore(io.lettuce.core.RedisURI.create(redisUrl), prefix, 604_800, 86_400);
    }

    /**
     * A store in a relational database: MariaDB/MySQL, PostgreSQL or H2, told apart by the connection. Its tables
     * ({@code trans_global}, {@code trans_branch_op}, {@code kv}) are created in {@code schema} when missing.
     *
     * @param dataSource the connections; the caller keeps ownership and closes it after the server stops
     * @param schema the database (MySQL) or schema (PostgreSQL) of the tables, e.g. {@code dtm}
     * @return the store
     */
    public static DtmStore jdbc(DataSource dataSource, String schema) {
        return new JdbcStore(dataSource, schema, null);
    }
}
