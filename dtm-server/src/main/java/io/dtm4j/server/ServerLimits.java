package io.dtm4j.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one {@link DtmServer} accepts before it answers "too large" or "busy": request size, connections,
 * timeouts for clients that send slowly or not at all, and the worker pools. Every queue and buffer is bounded
 * by one of these. Immutable; the defaults suit a production server.
 *
 * <pre>{@code
 * DtmServerConfig.builder().limits(ServerLimits.builder().maxRequestBytes(4 << 20).build()).build();
 * }</pre>
 */
public final class ServerLimits {

    private final int maxRequestBytes;
    private final long maxBufferedRequestBytes;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final int maxConnections;
    private final Duration requestReadTimeout;
    private final Duration idleTimeout;
    private final int apiThreads;
    private final int apiQueue;
    private final int roundThreads;
    private final int roundQueue;

    private ServerLimits(Builder b) {
        this.maxRequestBytes = b.maxRequestBytes;
        this.maxBufferedRequestBytes = b.maxBufferedRequestBytes;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxHeaders = b.maxHeaders;
        this.maxConnections = b.maxConnections;
        this.requestReadTimeout = b.requestReadTimeout;
        this.idleTimeout = b.idleTimeout;
        this.apiThreads = b.apiThreads;
        this.apiQueue = b.apiQueue;
        this.roundThreads = b.roundThreads;
        this.roundQueue = b.roundQueue;
    }

    /**
     * The defaults.
     *
     * @return the default limits
     */
    public static ServerLimits defaults() {
        return builder().build();
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the largest request body accepted (default 8 MiB; larger ones get 413) */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * @return the most request body bytes the server holds at once over all connections (default 16 MiB): a
     *     request whose body would pass it gets 503 and its connection closes, so that a burst of large requests
     *     cannot exhaust the heap. Parsing a body takes about four times its size on the heap, so keep this
     *     under a quarter of the heap, and at least {@link #maxRequestBytes()}.
     */
    public long maxBufferedRequestBytes() {
        return maxBufferedRequestBytes;
    }

    /** @return the largest request line plus headers accepted (default 32 KiB; larger ones get 431) */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** @return the most header fields one request may carry (default 100; more get 431) */
    public int maxHeaders() {
        return maxHeaders;
    }

    /** @return the most client connections open at once (default 4096); further ones are closed at once */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return how long a client may take to send one whole request, from its first byte (default 10 s) */
    public Duration requestReadTimeout() {
        return requestReadTimeout;
    }

    /** @return how long a connection may stay open with no request in progress (default 60 s) */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return threads that run API operations against the store (default 64) */
    public int apiThreads() {
        return apiThreads;
    }

    /** @return API operations that may wait for a thread (default 2048; beyond it the answer is 503) */
    public int apiQueue() {
        return apiQueue;
    }

    /** @return threads that run processing rounds of submitted transactions (default 512) */
    public int roundThreads() {
        return roundThreads;
    }

    /**
     * @return rounds that may wait for a thread (default 4096); a submit beyond it is stored and left to the cron,
     *     a {@code wait_result} submit beyond it answers ONGOING
     */
    public int roundQueue() {
        return roundQueue;
    }

    /**
     * A builder starting from these values.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.maxRequestBytes = maxRequestBytes;
        b.maxBufferedRequestBytes = maxBufferedRequestBytes;
        b.maxHeaderBytes = maxHeaderBytes;
        b.maxHeaders = maxHeaders;
        b.maxConnections = maxConnections;
        b.requestReadTimeout = requestReadTimeout;
        b.idleTimeout = idleTimeout;
        b.apiThreads = apiThreads;
        b.apiQueue = apiQueue;
        b.roundThreads = roundThreads;
        b.roundQueue = roundQueue;
        return b;
    }

    /** Builds {@link ServerLimits}; every value must be positive. */
    public static final class Builder {
        private int maxRequestBytes = 8 << 20;
        private long maxBufferedRequestBytes = 16L << 20;
        private int maxHeaderBytes = 32 << 10;
        private int maxHeaders = 100;
        private int maxConnections = 4096;
        private Duration requestReadTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int apiThreads = 64;
        private int apiQueue = 2048;
        private int roundThreads = 512;
        private int roundQueue = 4096;

        private Builder() {
        }

        /** @param bytes see {@link ServerLimits#maxRequestBytes()} @return this */
        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = positive("maxRequestBytes", bytes);
            return this;
        }

        /** @param bytes see {@link ServerLimits#maxHeaderBytes()} @return this */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = positive("maxHeaderBytes", bytes);
            return this;
        }

        /** @param count see {@link ServerLimits#maxHeaders()} @return this */
        public Builder maxHeaders(int count) {
            this.maxHeaders = positive("maxHeaders", count);
            return this;
        }

        /** @param bytes see {@link ServerLimits#maxBufferedRequestBytes()} @return this */
        public Builder maxBufferedRequestBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBufferedRequestBytes must be at least 1 but was " + bytes);
            }
            this.maxBufferedRequestBytes = bytes;
            return this;
        }

        /** @param count see {@link ServerLimits#maxConnections()} @return this */
        public Builder maxConnections(int count) {
            this.maxConnections = positive("maxConnections", count);
            return this;
        }

        /** @param timeout see {@link ServerLimits#requestReadTimeout()} @return this */
        public Builder requestReadTimeout(Duration timeout) {
            this.requestReadTimeout = positive("requestReadTimeout", timeout);
            return this;
        }

        /** @param timeout see {@link ServerLimits#idleTimeout()} @return this */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** @param threads see {@link ServerLimits#apiThreads()} @return this */
        public Builder apiThreads(int threads) {
            this.apiThreads = positive("apiThreads", threads);
            return this;
        }

        /** @param size see {@link ServerLimits#apiQueue()} @return this */
        public Builder apiQueue(int size) {
            this.apiQueue = positive("apiQueue", size);
            return this;
        }

        /** @param threads see {@link ServerLimits#roundThreads()} @return this */
        public Builder roundThreads(int threads) {
            this.roundThreads = positive("roundThreads", threads);
            return this;
        }

        /** @param size see {@link ServerLimits#roundQueue()} @return this */
        public Builder roundQueue(int size) {
            this.roundQueue = positive("roundQueue", size);
            return this;
        }

        /** @return the limits */
        public ServerLimits build() {
            return new ServerLimits(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive but was " + value);
            }
            return value;
        }
    }
}
