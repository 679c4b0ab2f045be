package io.dtm4j.server.store;

import java.nio.file.Path;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Ready-made stores: in memory (tests), and the embedded H2 file database with the official tables (the
 * default of a standalone server: nothing to install, survives restarts).
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
    public static TransStore memory() {
        return new MemoryStore();
    }

    /**
     * The embedded store: an H2 database in {@code directory/dtm.mv.db}, tables created on first start.
     *
     * @param directory where the database file lives (created if missing)
     * @return the store; closing it closes the database
     */
    public static TransStore h2File(Path directory) {
        HikariDataSource pool = new HikariDataSource();
        // A larger statement cache than H2's 8: the engine uses about a dozen statements per transaction.
        pool.setJdbcUrl("jdbc:h2:file:" + directory.toAbsolutePath().resolve("dtm")
                + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(16);
        pool.setPoolName("dtm-h2");
        return new JdbcStore(pool, "dtm", pool::close);
    }
}
