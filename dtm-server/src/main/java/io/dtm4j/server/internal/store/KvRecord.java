package io.dtm4j.server.internal.store;

import java.time.Instant;

/**
 * One row of the {@code kv} table (spec §5.2, §6.9): topics are {@code cat = "topics"}.
 *
 * @param id row id
 * @param cat category
 * @param key key
 * @param value value text
 * @param version optimistic-lock version, starting at 1
 * @param createTime creation time
 * @param updateTime last update
 */
public record KvRecord(long id, String cat, String key, String value, long version, Instant createTime,
        Instant updateTime) {
}
