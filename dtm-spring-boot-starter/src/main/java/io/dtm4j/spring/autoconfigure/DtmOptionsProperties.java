package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.TransOptions;
import io.dtm4j.spring.internal.OptionOverrides;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options every new global transaction starts with ({@code dtm.options.*}).
 */
public class DtmOptionsProperties {

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
        OptionOverrides.apply(b, timeoutToFail, retryInterval, requestTimeout, retryLimit);
        return b.build();
    }

}
