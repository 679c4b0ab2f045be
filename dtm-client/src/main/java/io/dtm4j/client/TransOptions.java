package io.dtm4j.client;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a global transaction, sent to the server with {@code prepare} or {@code submit}.
 *
 * <p>Immutable; build one with {@link #builder()} and change a copy with {@link #newBuilder()}. Durations go on
 * the wire in whole seconds (rounded up); {@code null} or zero means "use the server's default".
 *
 * <pre>{@code
 * TransOptions options = TransOptions.builder()
 *         .waitResult(true)
 *         .timeoutToFail(Duration.ofMinutes(1))
 *         .branchHeader("x-tenant", "acme")
 *         .build();
 * }</pre>
 */
public final class TransOptions {

    private static final TransOptions DEFAULTS = builder().build();

    private final boolean waitResult;
    private final Duration timeoutToFail;
    private final Duration retryInterval;
    private final Duration requestTimeout;
    private final int retryLimit;
    private final Map<String, String> branchHeaders;

    private TransOptions(Builder b) {
        this.waitResult = b.waitResult;
        this.timeoutToFail = b.timeoutToFail;
        this.retryInterval = b.retryInterval;
        this.requestTimeout = b.requestTimeout;
        this.retryLimit = b.retryLimit;
        this.branchHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.branchHeaders));
    }

    /**
     * Options with every value at its default: the server decides.
     *
     * @return the shared default instance
     */
    public static TransOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts an empty builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding these options.
     *
     * @return a new builder initialised from this instance
     */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.waitResult = waitResult;
        b.timeoutToFail = timeoutToFail;
        b.retryInterval = retryInterval;
        b.requestTimeout = requestTimeout;
        b.retryLimit = retryLimit;
        b.branchHeaders.putAll(branchHeaders);
        return b;
    }

    /**
     * Whether {@code submit} waits for one processing round and reports its outcome ({@code wait_result}).
     *
     * @return {@code true} to wait; default {@code false}
     */
    public boolean waitResult() {
        return waitResult;
    }

    /**
     * Time after creation at which an unfinished transaction is rolled back ({@code timeout_to_fail}).
     *
     * @return the timeout, or {@code null} for the server default (35 s for msg/tcc/xa; never for saga)
     */
    public Duration timeoutToFail() {
        return timeoutToFail;
    }

    /**
     * Base interval between retries of a branch ({@code retry_interval}).
     *
     * @return the interval, or {@code null} for the server default (10 s)
     */
    public Duration retryInterval() {
        return retryInterval;
    }

    /**
     * Timeout of each call the server makes to a branch ({@code request_timeout}). (This client's own calls use
     * its read timeout, since a {@code wait_result} submit lasts a whole server round.)
     *
     * @return the timeout, or {@code null} for the server default (3 s)
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Maximum immediate retries of a saga action within one processing round ({@code retry_limit}).
     *
     * @return the limit; 0 (the default) means no limit
     */
    public int retryLimit() {
        return retryLimit;
    }

    /**
     * Extra HTTP headers the server sends on every branch call ({@code branch_headers}).
     *
     * @return an unmodifiable map, empty by default
     */
    public Map<String, String> branchHeaders() {
        return branchHeaders;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransOptions t && waitResult == t.waitResult && retryLimit == t.retryLimit
                && Objects.equals(timeoutToFail, t.timeoutToFail) && Objects.equals(retryInterval, t.retryInterval)
                && Objects.equals(requestTimeout, t.requestTimeout) && branchHeaders.equals(t.branchHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(waitResult, timeoutToFail, retryInterval, requestTimeout, retryLimit, branchHeaders);
    }

    @Override
    public String toString() {
        return "TransOptions{waitResult=" + waitResult + ", timeoutToFail=" + timeoutToFail + ", retryInterval="
                + retryInterval + ", requestTimeout=" + requestTimeout + ", retryLimit=" + retryLimit
                + ", branchHeaders=" + branchHeaders.keySet() + "}";
    }

    /**
     * Builds {@link TransOptions}. Not thread-safe.
     */
    public static final class Builder {

        private boolean waitResult;
        private Duration timeoutToFail;
        private Duration retryInterval;
        private Duration requestTimeout;
        private int retryLimit;
        private final Map<String, String> branchHeaders = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets {@link TransOptions#waitResult()}.
         *
         * @param waitResult whether submit waits for the first round
         * @return this builder
         */
        public Builder waitResult(boolean waitResult) {
            this.waitResult = waitResult;
            return this;
        }

        /**
         * Sets {@link TransOptions#timeoutToFail()}.
         *
         * @param timeout a positive duration, or {@code null} for the server default
         * @return this builder
         */
        public Builder timeoutToFail(Duration timeout) {
            this.timeoutToFail = positive("timeoutToFail", timeout);
            return this;
        }

        /**
         * Sets {@link TransOptions#retryInterval()}.
         *
         * @param interval a positive duration, or {@code null} for the server default
         * @return this builder
         */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = positive("retryInterval", interval);
            return this;
        }

        /**
         * Sets {@link TransOptions#requestTimeout()}.
         *
         * @param timeout a positive duration, or {@code null} for the server default
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * Sets {@link TransOptions#retryLimit()}.
         *
         * @param retryLimit zero or more
         * @return this builder
         */
        public Builder retryLimit(int retryLimit) {
            if (retryLimit < 0) {
                throw new IllegalArgumentException("retryLimit must be >= 0 but was " + retryLimit
                        + " (use 0 for no limit)");
            }
            this.retryLimit = retryLimit;
            return this;
        }

        /**
         * Adds one branch header.
         *
         * @param name header name, not blank
         * @param value header value, not {@code null}
         * @return this builder
         */
        public Builder branchHeader(String name, String value) {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("branch header '" + name + "' = '" + value
                        + "' is invalid (give a non-blank name and a non-null value)");
            }
            branchHeaders.put(name, value);
            return this;
        }

        /**
         * Replaces all branch headers.
         *
         * @param headers the headers; {@code null} clears them
         * @return this builder
         */
        public Builder branchHeaders(Map<String, String> headers) {
            branchHeaders.clear();
            if (headers != null) {
                headers.forEach(this::branchHeader);
            }
            return this;
        }

        /**
         * Builds the immutable options.
         *
         * @return the options
         */
        public TransOptions build() {
            return new TransOptions(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException(name + " must be positive but was " + value
                        + " (use null for the server default)");
            }
            return value;
        }
    }
}
