package io.dtm4j.server.store;

/**
 * Where a {@link io.dtm4j.server.DtmServer} keeps its transactions: one of the stores {@link Stores} makes (in
 * memory, the embedded H2 file, MariaDB/MySQL or PostgreSQL through a {@code DataSource}). The server owns it
 * once started and closes it when it stops. Implemented by the server only.
 */
public interface DtmStore extends AutoCloseable {

    /** Releases the store's resources (its connection pool, say); idempotent. */
    @Override
    void close();
}
