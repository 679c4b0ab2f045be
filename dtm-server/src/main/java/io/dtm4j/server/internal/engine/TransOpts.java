package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The option fields of a global transaction (spec §5.1), as read from a request body or from the stored
 * {@code options} JSON. Seconds, as on the wire.
 */
public record TransOpts(boolean waitResult, long timeoutToFail, long requestTimeout, long retryInterval,
        Map<String, String> branchHeaders, boolean concurrent, long retryLimit) {

    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    public static TransOpts from(JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        body.path("branch_headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new TransOpts(body.path("wait_result").asBoolean(false), body.path("timeout_to_fail").asLong(0),
                body.path("request_timeout").asLong(0), body.path("retry_interval").asLong(0), headers,
                body.path("concurrent").asBoolean(false), body.path("retry_limit").asLong(0));
    }

    public static TransOpts fromStored(String optionsJson) {
        if (optionsJson == null || optionsJson.isBlank()) {
            return from(MAPPER.createObjectNode());
        }
        try {
            return from(MAPPER.readTree(optionsJson));
        } catch (java.io.IOException e) {
            return from(MAPPER.createObjectNode());
        }
    }

    public TransOpts withWaitResult(boolean wait) {
        return new TransOpts(wait, timeoutToFail, requestTimeout, retryInterval, branchHeaders, concurrent,
                retryLimit);
    }

    /** The JSON text stored in the {@code options} column. */
    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        if (waitResult) {
            node.put("wait_result", true);
        }
        if (timeoutToFail > 0) {
            node.put("timeout_to_fail", timeoutToFail);
        }
        if (requestTimeout > 0) {
            node.put("request_timeout", requestTimeout);
        }
        if (retryInterval > 0) {
            node.put("retry_interval", retryInterval);
        }
        if (!branchHeaders.isEmpty()) {
            ObjectNode h = node.putObject("branch_headers");
            branchHeaders.forEach(h::put);
        }
        node.put("concurrent", concurrent);
        if (retryLimit > 0) {
            node.put("retry_limit", retryLimit);
        }
        return node.toString();
    }
}
