package io.dtm4j.server.internal.store;

import java.time.Instant;

/**
 * Filters and paging of {@link TransStore#scan}.
 *
 * @param position continue after this position ("" for the first page)
 * @param limit page size
 * @param status keep this status ("" for all)
 * @param transType keep this mode ("" for all)
 * @param createTimeStart keep rows created at or after, or {@code null}
 * @param createTimeEnd keep rows created at or before, or {@code null}
 */
public record ScanQuery(String position, int limit, String status, String transType, Instant createTimeStart,
        Instant createTimeEnd) {
}
