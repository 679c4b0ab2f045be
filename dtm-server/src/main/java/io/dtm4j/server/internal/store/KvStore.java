package io.dtm4j.server.internal.store;

import java.util.Optional;

/**
 * The key-value part of a store (spec §6.9), used for topics. Updates are optimistic: they name the version they
 * read.
 */
public interface KvStore {

    /**
     * Reads one row.
     *
     * @param cat category
     * @param key key
     * @return the row, or empty
     */
    Optional<KvRecord> findKv(String cat, String key);

    /**
     * Lists rows of a category, a page at a time.
     *
     * @param cat category
     * @param position "" for the first page, else the {@link KvPage#next} of the previous page
     * @param limit page size
     * @return the rows and the next position
     */
    KvPage scanKv(String cat, String position, int limit);

    /**
     * Creates a row with version 1.
     *
     * @param cat category
     * @param key key
     * @param value value
     * @throws StoreException DUPLICATE when it exists
     */
    void createKv(String cat, String key, String value);

    /**
     * Replaces a row's value if its version is still {@code version}, incrementing it.
     *
     * @param cat category
     * @param key key
     * @param value new value
     * @param version the version read
     * @return {@code false} when another update came first
     */
    boolean updateKv(String cat, String key, String value, long version);

    /**
     * Deletes a row.
     *
     * @param cat category
     * @param key key
     * @return {@code false} when it did not exist
     */
    boolean deleteKv(String cat, String key);
}
