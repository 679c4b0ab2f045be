package io.dtm4j.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a {@code prepare}, {@code submit} or {@code abort} call: one global transaction as the server sees
 * it. {@link Saga}, {@link Msg}, {@code tcc} and {@code xa} build these for you; use it directly only for the
 * low-level calls of {@link DtmClient}.
 *
 * <pre>{@code
 * client.abort(TransRequest.builder("g-1", TransType.TCC).rollbackReason("user cancelled").build());
 * }</pre>
 */
public final class TransRequest {

    private final String gid;
    private final TransType transType;
    private final TransOptions options;
    private final List<Map<String, String>> steps;
    private final List<String> payloads;
    private final String customData;
    private final String queryPrepared;
    private final String rollbackReason;
    private final boolean concurrent;

    private TransRequest(Builder b) {
        this.gid = b.gid;
        this.transType = b.transType;
        this.options = b.options;
        this.steps = b.steps.stream().map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
        this.payloads = List.copyOf(b.payloads);
        this.customData = b.customData;
        this.queryPrepared = b.queryPrepared;
        this.rollbackReason = b.rollbackReason;
        this.concurrent = b.concurrent;
    }

    /**
     * Starts a request.
     *
     * @param gid the global transaction id, not blank
     * @param transType the mode, not {@code null}
     * @return a builder
     */
    public static Builder builder(String gid, TransType transType) {
        return new Builder(gid, transType);
    }

    /** @return the global transaction id */
    public String gid() {
        return gid;
    }

    /** @return the transaction mode */
    public TransType transType() {
        return transType;
    }

    /** @return the options */
    public TransOptions options() {
        return options;
    }

    /** @return saga/msg steps: {@code action} (and {@code compensate}) URLs per step; unmodifiable */
    public List<Map<String, String>> steps() {
        return steps;
    }

    /** @return one JSON payload per step; unmodifiable */
    public List<String> payloads() {
        return payloads;
    }

    /** @return {@code custom_data} JSON text (concurrency and orders of a saga, delay of a msg), or {@code null} */
    public String customData() {
        return customData;
    }

    /** @return the msg back-check URL, or {@code null} */
    public String queryPrepared() {
        return queryPrepared;
    }

    /** @return the reason stored with an abort, or {@code null} */
    public String rollbackReason() {
        return rollbackReason;
    }

    /** @return whether msg branches run in parallel ({@code concurrent} on the wire) */
    public boolean concurrent() {
        return concurrent;
    }

    /**
     * Builds {@link TransRequest}. Not thread-safe.
     */
    public static final class Builder {

        private final String gid;
        private final TransType transType;
        private TransOptions options = TransOptions.defaults();
        private final List<Map<String, String>> steps = new ArrayList<>();
        private final List<String> payloads = new ArrayList<>();
        private String customData;
        private String queryPrepared;
        private String rollbackReason;
        private boolean concurrent;

        private Builder(String gid, TransType transType) {
            if (gid == null || gid.isBlank()) {
                throw new IllegalArgumentException("gid must not be blank but was '" + gid
                        + "' (use DtmClient.newGid() or your own unique business id)");
            }
            this.gid = gid;
            this.transType = Objects.requireNonNull(transType, "transType");
        }

        /**
         * Sets the options.
         *
         * @param options not {@code null}
         * @return this builder
         */
        public Builder options(TransOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Adds a step with its payload.
         *
         * @param step {@code action} and, for sagas, {@code compensate} URLs
         * @param payload the JSON text sent to the step's URLs
         * @return this builder
         */
        public Builder step(Map<String, String> step, String payload) {
            steps.add(Objects.requireNonNull(step, "step"));
            payloads.add(Objects.requireNonNull(payload, "payload"));
            return this;
        }

        /**
         * Sets {@code custom_data}.
         *
         * @param customData JSON text or {@code null}
         * @return this builder
         */
        public Builder customData(String customData) {
            this.customData = customData;
            return this;
        }

        /**
         * Sets the msg back-check URL.
         *
         * @param queryPrepared the URL or {@code null}
         * @return this builder
         */
        public Builder queryPrepared(String queryPrepared) {
            this.queryPrepared = queryPrepared;
            return this;
        }

        /**
         * Sets the reason stored with an abort.
         *
         * @param rollbackReason the text or {@code null}
         * @return this builder
         */
        public Builder rollbackReason(String rollbackReason) {
            this.rollbackReason = rollbackReason;
            return this;
        }

        /**
         * Sets whether msg branches run in parallel.
         *
         * @param concurrent the flag
         * @return this builder
         */
        public Builder concurrent(boolean concurrent) {
            this.concurrent = concurrent;
            return this;
        }

        /**
         * Builds the immutable request.
         *
         * @return the request
         */
        public TransRequest build() {
            return new TransRequest(this);
        }
    }
}
