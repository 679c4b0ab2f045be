package io.dtm4j.spring.internal;

import io.dtm4j.client.TransOptions;
import java.time.Duration;

/**
 * Applies the options a setting source gives (a {@code null} value leaves the builder's own): shared by
 * {@code dtm.options.*} and the annotations' attributes.
 */
public final class OptionOverrides {

    private OptionOverrides() {
    }

    /**
     * Sets every non-null value on the builder.
     *
     * @param b the builder
     * @param timeoutToFail {@code timeout_to_fail}, or null
     * @param retryInterval {@code retry_interval}, or null
     * @param requestTimeout {@code request_timeout}, or null
     * @param retryLimit {@code retry_limit}, or null
     * @return the builder
     */
    public static TransOptions.Builder apply(TransOptions.Builder b, Duration timeoutToFail, Duration retryInterval,
            Duration requestTimeout, Integer retryLimit) {
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
        return b;
    }
}
