package io.dtm4j.server.store;

import io.dtm4j.server.internal.store.JdbcStore;
import io.dtm4j.server.internal.store.WalStore;
import io.dtm4j.server.internal.store.MemoryStore;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The stores: in memory (tests), the embedded H2 file database (the default of a standalone server: nothing to
 * install, survives restarts), and MariaDB/MySQL or PostgreSQL through a {@link DataSource}, with the official
 * tables.
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
