package io.dtm4j.server;

import io.dtm4j.server.store.DtmStore;
import io.dtm4j.server.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of a {@link DtmServer}, with the official server's keys and defaults: {@code HttpPort}
 * 36789, {@code TransCronInterval} 3 s, {@code TimeoutToFail} 35 s, {@code RetryInterval} 10 s,
 * {@code RequestTimeout} 3 s. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * DtmServerConfig config = DtmServerConfig.builder().httpPort(0).build();   // a free port
 * }</pre>
 */
public final class DtmServerConfig {

    private final String host;
    private final int httpPort;
    private final Duration transCronInterval;
    private final Duration timeoutToFail;
    private final Duration retryInterval;
    private final Duration requestTimeout;
    private final boolean cronEnabled;
    private final ServerLimits limits;
    private final ServerSecurity security;
    private final String alertWebHook;
    private final int alertRetryLimit;
    private final Clock clock;
    private final Supplier<? extends DtmStore> store;
    private final List<okhttp3.Interceptor> branchCallInterceptors;

    private DtmServerConfig(Builder b) {
        this.host = b.host;
        this.httpPort = b.httpPort;
        this.transCronInterval = b.transCronInterval;
        this.timeoutToFail = b.timeoutToFail;
        this.retryInterval = b.retryInterval;
        this.requestTimeout = b.requestTimeout;
        this.cronEnabled = b.cronEnabled;
        this.limits = b.limits;
        this.security = b.security;
        this.alertWebHook = b.alertWebHook;
        this.alertRetryLimit = b.alertRetryLimit;
        this.clock = b.clock;
        this.store = b.store;
        this.branchCallInterceptors = List.copyOf(b.branchCallInterceptors);
    }

    /**
     * Starts a builder with the official defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address the HTTP listener binds to (default {@code 0.0.0.0}) */
    public String host() {
        return host;
    }

    /** @return the HTTP port ({@code HttpPort}, default 36789; 0 picks a free port) */
    public int httpPort() {
        return httpPort;
    }

    /** @return the idle sleep of the cron loop ({@code TransCronInterval}, default 3 s) */
    public Duration transCronInterval() {
        return transCronInterval;
    }

    /** @return the default timeout of msg/tcc/xa ({@code TimeoutToFail}, default 35 s) */
    public Duration timeoutToFail() {
        return timeoutToFail;
    }

    /** @return the default retry interval and lease length ({@code RetryInterval}, default 10 s) */
    public Duration retryInterval() {
        return retryInterval;
    }

    /** @return the default branch call timeout ({@code RequestTimeout}, default 3 s) */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return whether the cron loop runs (default {@code true}; tests turn it off and drive it by hand) */
    public boolean cronEnabled() {
        return cronEnabled;
    }

    /** @return request, connection and pool limits (see {@link ServerLimits}) */
    public ServerLimits limits() {
        return limits;
    }

    /** @return the API token and branch URL allowlist (see {@link ServerSecurity}; off by default) */
    public ServerSecurity security() {
        return security;
    }

    /** @return {@code AlertWebHook}: where repeated branch errors are reported; empty for none */
    public String alertWebHook() {
        return alertWebHook;
    }

    /** @return {@code AlertRetryLimit}: the retry count from which errors are reported to the webhook */
    public int alertRetryLimit() {
        return alertRetryLimit;
    }

    /** @return the clock the engine reads (tests move it) */
    public Clock clock() {
        return clock;
    }

    /** @return the store factory, called once at start */
    public Supplier<? extends DtmStore> store() {
        return store;
    }

    /** @return the interceptors around every call the server makes to a branch, in order (none by default) */
    public List<okhttp3.Interceptor> branchCallInterceptors() {
        return branchCallInterceptors;
    }

    /**
     * Builds {@link DtmServerConfig}. Not thread-safe.
     */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int httpPort = 36789;
        private Duration transCronInterval = Duration.ofSeconds(3);
        private Duration timeoutToFail = Duration.ofSeconds(35);
        private Duration retryInterval = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(3);
        private boolean cronEnabled = true;
        private ServerLimits limits = ServerLimits.defaults();
        private ServerSecurity security = ServerSecurity.none();
        private String alertWebHook = "";
        private int alertRetryLimit = 3;
        private Clock clock = Clock.systemDefaultZone();
        private Supplier<? extends DtmStore> store = Stores::memory;
        private final List<okhttp3.Interceptor> branchCallInterceptors = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the listen address.
         *
         * @param host e.g. {@code 127.0.0.1}
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the HTTP port.
         *
         * @param port 0 for a free port
         * @return this builder
         */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("HttpPort must be 0..65535 but was " + port);
            }
            this.httpPort = port;
            return this;
        }

        /**
         * Sets {@code TransCronInterval}.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder transCronInterval(Duration interval) {
            this.transCronInterval = Objects.requireNonNull(interval, "transCronInterval");
            return this;
        }

        /**
         * Sets {@code TimeoutToFail}.
         *
         * @param timeout at least the retry interval
         * @return this builder
         */
        public Builder timeoutToFail(Duration timeout) {
            this.timeoutToFail = Objects.requireNonNull(timeout, "timeoutToFail");
            return this;
        }

        /**
         * Sets {@code RetryInterval}.
         *
         * @param interval at least 10 s, as the official server requires
         * @return this builder
         */
        public Builder retryInterval(Duration interval) {
            this.retryInterval = Objects.requireNonNull(interval, "retryInterval");
            return this;
        }

        /**
         * Sets {@code RequestTimeout}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets {@code AlertWebHook}: after a branch error whose retry count reaches
         * {@link #alertRetryLimit(int)}, the server POSTs {@code {"gid","status","branch","error","retry_count"}}
         * there; failures of the hook are only logged.
         *
         * @param url an http(s) URL, or empty for no alerts
         * @return this builder
         */
        public Builder alertWebHook(String url) {
            this.alertWebHook = Objects.requireNonNull(url, "alertWebHook");
            return this;
        }

        /**
         * Sets {@code AlertRetryLimit} (default 3).
         *
         * @param limit at least 0
         * @return this builder
         */
        public Builder alertRetryLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("alertRetryLimit must be >= 0 but was " + limit);
            }
            this.alertRetryLimit = limit;
            return this;
        }

        /**
         * Turns the cron loop on or off.
         *
         * @param enabled {@code false} to drive it with {@link DtmServer#runCronOnce()}
         * @return this builder
         */
        public Builder cronEnabled(boolean enabled) {
            this.cronEnabled = enabled;
            return this;
        }

        /**
         * Sets request, connection and pool limits.
         *
         * @param limits the limits
         * @return this
         */
        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the API token and the branch URL allowlist.
         *
         * @param security the settings
         * @return this
         */
        public Builder security(ServerSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Sets the clock.
         *
         * @param clock a clock; tests pass one they can move
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the store.
         *
         * @param store called once when the server starts
         * @return this builder
         */
        public Builder store(Supplier<? extends DtmStore> store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Adds an interceptor around every call the server makes to a branch (actions, compensations, confirms,
         * cancels, rollbacks, query-prepared and workflow callbacks): an OkHttp application interceptor, which may
         * call on, answer by itself, call twice or delay. Meant for test support (dtm-test injects faults with it);
         * a production server has none.
         *
         * @param interceptor the interceptor, run after those added before it
         * @return this builder
         */
        public Builder branchCallInterceptor(okhttp3.Interceptor interceptor) {
            branchCallInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Builds the settings, validating them as the official server does.
         *
         * @return the settings
         * @throws IllegalArgumentException when {@code RetryInterval} is under 10 s or {@code TimeoutToFail} is
         *     under {@code RetryInterval}
         */
        public DtmServerConfig build() {
            if (retryInterval.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("RetryInterval must be at least 10 s but was " + retryInterval
                        + " (the official server refuses to start with less)");
            }
            if (timeoutToFail.compareTo(retryInterval) < 0) {
                throw new IllegalArgumentException("TimeoutToFail (" + timeoutToFail + ") must not be less than"
                        + " RetryInterval (" + retryInterval + ")");
            }
            return new DtmServerConfig(this);
        }
    }
}
