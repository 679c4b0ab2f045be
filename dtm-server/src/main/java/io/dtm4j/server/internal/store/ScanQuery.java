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

    /**
     * Whether a row passes the filters (for stores that filter in memory: the memory and Redis stores).
     *
     * @param g the row
     * @return {@code true} when it matches every filter given
     */
    public boolean matches(GlobalTrans g) {
        return (status == null || status.isEmpty() || status.equals(g.status.wire()))
                && (transType == null || transType.isEmpty() || transType.equals(g.transType.wireName()))
                && (createTimeStart == null || !g.createTime.isBefore(createTimeStart))
                && (createTimeEnd == null || !g.createTime.isAfter(createTimeEnd));
    }
}
