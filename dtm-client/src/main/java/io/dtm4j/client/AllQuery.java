package io.dtm4j.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters and paging of {@link DtmClient#all(AllQuery)}. Immutable; unset filters are not sent.
 *
 * <pre>{@code
 * TransPage page = client.all(AllQuery.builder().status(TransStatus.SUBMITTED).limit(50).build());
 * while (page.hasMore()) {
 *     page = client.all(AllQuery.builder().status(TransStatus.SUBMITTED).position(page.nextPosition()).build());
 * }
 * }</pre>
 */
public final class AllQuery {

    private final Map<String, String> params;

    private AllQuery(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Starts a query with no filter (the server's default page size is 100).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The query parameters sent to {@code GET /all}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public String toString() {
        return "AllQuery" + params;
    }

    /**
     * Builds {@link AllQuery}. Not thread-safe.
     */
    public static final class Builder {

        private final Map<String, String> params = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Looks one gid up; the server then ignores the other filters.
         *
         * @param gid the gid
         * @return this builder
         */
        public Builder gid(String gid) {
            return put("gid", gid);
        }

        /**
         * Continues after a previous page.
         *
         * @param position {@link TransPage#nextPosition()} of that page
         * @return this builder
         */
        public Builder position(String position) {
            return put("position", position);
        }

        /**
         * Sets the page size.
         *
         * @param limit at least 1
         * @return this builder
         */
        public Builder limit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1 but was " + limit
                        + " (leave it unset for the server's default of 100)");
            }
            return put("limit", Integer.toString(limit));
        }

        /**
         * Keeps transactions in one status.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(TransStatus status) {
            return put("status", status.wireName());
        }

        /**
         * Keeps transactions of one mode.
         *
         * @param type the mode
         * @return this builder
         */
        public Builder transType(TransType type) {
            return put("transType", type.wireName());
        }

        /**
         * Keeps transactions created at or after a time (sent as epoch milliseconds).
         *
         * @param start the time
         * @return this builder
         */
        public Builder createTimeStart(Instant start) {
            return put("createTimeStart", Long.toString(start.toEpochMilli()));
        }

        /**
         * Keeps transactions created at or before a time (sent as epoch milliseconds).
         *
         * @param end the time
         * @return this builder
         */
        public Builder createTimeEnd(Instant end) {
            return put("createTimeEnd", Long.toString(end.toEpochMilli()));
        }

        /**
         * Builds the query.
         *
         * @return the query
         */
        public AllQuery build() {
            return new AllQuery(params);
        }

        private Builder put(String key, String value) {
            if (value == null || value.isEmpty()) {
                params.remove(key);
            } else {
                params.put(key, value);
            }
            return this;
        }
    }
}
