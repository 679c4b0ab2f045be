package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.TransOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Settings of the DTM starter, under {@code dtm.*}.
 *
 * <pre>{@code
 * dtm.server-url=http://dtm:36789/api/dtmsvr
 * dtm.options.timeout-to-fail=60s
 * dtm.options.branch-headers.x-tenant=acme
 * }</pre>
 */
@ConfigurationProperties("dtm")
public class DtmProperties {

    /** Base URL of the DTM server's HTTP API, the official server's or ours. */
    private String serverUrl = "http://localhost:36789/api/dtmsvr";

    /** Timeout to connect to the DTM server. */
    private Duration connectTimeout = Duration.ofSeconds(3);

    /** Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction). */
    private Duration readTimeout = Duration.ofSeconds(15);

    /** Options every new global transaction starts with. */
    private final Options options = new Options();

    /** The @DtmSaga / @DtmTcc annotations. */
    private final Annotations annotations = new Annotations();

    /**
     * Base URL of the DTM server's HTTP API, the official server's or ours.
     *
     * @return the value
     */
    public String getServerUrl() {
        return serverUrl;
    }

    /**
     * Base URL of the DTM server's HTTP API, the official server's or ours.
     *
     * @param serverUrl the value
     */
    public void setServerUrl(String serverUrl) {
        this.serverUrl = serverUrl;
    }

    /**
     * Timeout to connect to the DTM server.
     *
     * @return the value
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Timeout to connect to the DTM server.
     *
     * @param connectTimeout the value
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction).
     *
     * @return the value
     */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /**
     * Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction).
     *
     * @param readTimeout the value
     */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /**
     * Options every new global transaction starts with.
     *
     * @return the value
     */
    public Options getOptions() {
        return options;
    }

    /**
     * The @DtmSaga / @DtmTcc annotations.
     *
     * @return the value
     */
    public Annotations getAnnotations() {
        return annotations;
    }


    /**
     * Options every new global transaction starts with ({@code dtm.options.*}).
     */
    public static class Options {

        /** Whether submits wait until the transaction is finished and report its outcome (wait_result). */
        private boolean waitResult = false;

        /**
         * How long the server keeps trying before it rolls a transaction back (timeout_to_fail); unset for the server's
         * default.
         */
        private Duration timeoutToFail;

        /**
         * The server's interval between retries of a failing branch (retry_interval); unset for the server's default.
         */
        private Duration retryInterval;

        /** Timeout of each branch call the server makes (request_timeout); unset for the server's default. */
        private Duration requestTimeout;

        /** How often the server retries a branch before giving up (retry_limit); unset for no limit. */
        private Integer retryLimit;

        /** Headers the server adds to every branch call (branch_headers). */
        private Map<String, String> branchHeaders = new LinkedHashMap<>();

        /**
         * Whether submits wait until the transaction is finished and report its outcome (wait_result).
         *
         * @return the value
         */
        public boolean isWaitResult() {
            return waitResult;
        }

        /**
         * Whether submits wait until the transaction is finished and report its outcome (wait_result).
         *
         * @param waitResult the value
         */
        public void setWaitResult(boolean waitResult) {
            this.waitResult = waitResult;
        }

        /**
         * How long the server keeps trying before it rolls a transaction back (timeout_to_fail); unset for the server's
         * default.
         *
         * @return the value
         */
        public Duration getTimeoutToFail() {
            return timeoutToFail;
        }

        /**
         * How long the server keeps trying before it rolls a transaction back (timeout_to_fail); unset for the server's
         * default.
         *
         * @param timeoutToFail the value
         */
        public void setTimeoutToFail(Duration timeoutToFail) {
            this.timeoutToFail = timeoutToFail;
        }

        /**
         * The server's interval between retries of a failing branch (retry_interval); unset for the server's default.
         *
         * @return the value
         */
        public Duration getRetryInterval() {
            return retryInterval;
        }

        /**
         * The server's interval between retries of a failing branch (retry_interval); unset for the server's default.
         *
         * @param retryInterval the value
         */
        public void setRetryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
        }

        /**
         * Timeout of each branch call the server makes (request_timeout); unset for the server's default.
         *
         * @return the value
         */
        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        /**
         * Timeout of each branch call the server makes (request_timeout); unset for the server's default.
         *
         * @param requestTimeout the value
         */
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        /**
         * How often the server retries a branch before giving up (retry_limit); unset for no limit.
         *
         * @return the value
         */
        public Integer getRetryLimit() {
            return retryLimit;
        }

        /**
         * How often the server retries a branch before giving up (retry_limit); unset for no limit.
         *
         * @param retryLimit the value
         */
        public void setRetryLimit(Integer retryLimit) {
            this.retryLimit = retryLimit;
        }

        /**
         * Headers the server adds to every branch call (branch_headers).
         *
         * @return the value
         */
        public Map<String, String> getBranchHeaders() {
            return branchHeaders;
        }

        /**
         * Headers the server adds to every branch call (branch_headers).
         *
         * @param branchHeaders the value
         */
        public void setBranchHeaders(Map<String, String> branchHeaders) {
            this.branchHeaders = branchHeaders;
        }


        /**
         * These options as the client's value.
         *
         * @return the options
         */
        public TransOptions toTransOptions() {
            TransOptions.Builder b = TransOptions.builder().waitResult(waitResult).branchHeaders(branchHeaders);
            if (timeoutToFail != null) {
                b.timeoutToFail(timeoutToFail);
            }
            if (retryInterval != null) {
                b.retryInterval(retryInterval);
            }
            if (requestTimeout != null) {
                b.requestTimeout(requestTimeout);
            }
            if (retryLimit != null) {
                b.retryLimit(retryLimit);
            }
            return b.build();
        }

    }

    /**
     * The annotation support ({@code dtm.annotations.*}).
     */
    public static class Annotations {

        /** Whether @DtmSaga and @DtmTcc methods are woven. */
        private boolean enabled = true;

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         */
        private int order = Ordered.LOWEST_PRECEDENCE - 100;

        /**
         * Whether @DtmSaga and @DtmTcc methods are woven.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Whether @DtmSaga and @DtmTcc methods are woven.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         *
         * @return the value
         */
        public int getOrder() {
            return order;
        }

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         *
         * @param order the value
         */
        public void setOrder(int order) {
            this.order = order;
        }


    }

}
