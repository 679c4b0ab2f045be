package io.dtm4j.client.internal;

import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON bodies the client sends, field for field as the Go client serialises them (spec §5.1 and §11.1):
 * empty optional fields omitted, {@code concurrent} and {@code protocol} always present.
 */
public final class WireBodies {

    private WireBodies() {
    }

    public static Map<String, Object> transaction(TransRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gid", request.gid());
        body.put("trans_type", request.transType().wireName());
        putIfPresent(body, "custom_data", request.customData());
        TransOptions o = request.options();
        if (o.waitResult()) {
            body.put("wait_result", true);
        }
        putSeconds(body, "timeout_to_fail", o.timeoutToFail());
        putSeconds(body, "request_timeout", o.requestTimeout());
        putSeconds(body, "retry_interval", o.retryInterval());
        if (!o.branchHeaders().isEmpty()) {
            body.put("branch_headers", o.branchHeaders());
        }
        body.put("concurrent", request.concurrent());
        if (o.retryLimit() > 0) {
            body.put("retry_limit", o.retryLimit());
        }
        if (!request.steps().isEmpty()) {
            body.put("steps", request.steps());
            body.put("payloads", request.payloads());
        }
        putIfPresent(body, "query_prepared", request.queryPrepared());
        body.put("protocol", "http");
        putIfPresent(body, "rollback_reason", request.rollbackReason());
        return body;
    }

    /** Whole seconds, rounded up: DTM's options are in seconds. */
    public static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }

    private static void putSeconds(Map<String, Object> body, String key, Duration value) {
        if (value != null) {
            body.put(key, seconds(value));
        }
    }

    private static void putIfPresent(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isEmpty()) {
            body.put(key, value);
        }
    }
}
