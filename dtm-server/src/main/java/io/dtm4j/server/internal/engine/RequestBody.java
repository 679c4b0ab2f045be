package io.dtm4j.server.internal.engine;

import io.dtm4j.client.TransType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prepare/submit/abort/prepareWorkflow body (spec §5.1), read as strictly as the official server's typed
 * binding and then checked against what the engine and the store can hold (see {@link Validation}): a rejected
 * body answers 400 and stores nothing.
 */
record RequestBody(String gid, TransType transType, List<Map<String, String>> steps, List<byte[]> payloads,
        String customData, String queryPrepared, String protocol, String rollbackReason, TransOpts opts,
        Map<String, String> reqExtra) {

    private static final Set<String> PROTOCOLS = Set.of("", "http", "grpc", "json-rpc");

    static RequestBody parse(JsonNode body, String operation, Validation rules) {
        Fields f = new Fields(operation, body);
        String gid = rules.gid(f);
        String name = f.string("trans_type", Limits.MAX_OP);
        TransType type = Modes.find(name).orElseThrow(() -> f.invalid("trans_type", '"' + name + '"',
                "is not a DTM mode (use one of saga, tcc, msg, xa, workflow)"));
        List<Map<String, String>> steps = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        JsonNode payloadNodes = f.array("payloads");
        if (payloadNodes != null) {
            for (int i = 0; i < payloadNodes.size(); i++) {
                JsonNode p = payloadNodes.get(i);
                if (!p.isTextual()) {
                    throw f.invalid("payloads[" + i + "]", p, "must be a JSON string (the branch body as text,"
                            + " e.g. \"{\\\"amount\\\":30}\")");
                }
                payloads.add(p.asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        JsonNode stepNodes = f.array("steps");
        if (stepNodes != null && stepNodes.size() > Limits.MAX_STEPS) {
            throw f.invalid("steps", "[" + stepNodes.size() + " steps]", "has more than " + Limits.MAX_STEPS
                    + " steps");
        }
        for (int i = 0; stepNodes != null && i < stepNodes.size(); i++) {
            Map<String, String> step = step(f, rules, type, i, stepNodes.get(i));
            steps.add(step);
            String legacy = step.get("data");
            if (legacy != null && !legacy.isEmpty()) {
                payloads.add(legacy.getBytes(StandardCharsets.UTF_8));
            }
        }
        if ((type == TransType.SAGA || type == TransType.MSG) && payloads.size() < steps.size()) {
            throw f.invalid("payloads", payloads.size() + " payload(s)", "are fewer than the " + steps.size()
                    + " steps (send one payload per step, \"\" for none)");
        }
        for (int i = 0; i < payloads.size(); i++) {
            rules.payload(f, "payloads[" + i + "]", payloads.get(i));
        }
        String protocol = f.string("protocol", Limits.MAX_OP);
        if (!PROTOCOLS.contains(protocol)) {
            throw f.invalid("protocol", '"' + protocol + '"', "is not a DTM protocol (use http, grpc or json-rpc)");
        }
        String queryPrepared = f.string("query_prepared", Limits.MAX_TEXT);
        rules.url(f, "query_prepared", queryPrepared, Validation.UrlKind.BRANCH);
        String customData = f.string("custom_data", Limits.MAX_TEXT);
        CustomData.check(f, type, customData, steps.size());
        TransOpts opts = new TransOpts(f.bool("wait_result"), f.number("timeout_to_fail", Limits.MAX_SECONDS,
                "seconds"), f.number("request_timeout", Limits.MAX_SECONDS, "seconds"), f.number("retry_interval",
                Limits.MAX_SECONDS, "seconds"), rules.headers(f, f.stringMap("branch_headers")), f.bool("concurrent"),
                f.number("retry_limit", Long.MAX_VALUE, "retries"));
        f.number("retry_count", Long.MAX_VALUE, "retries");
        String options = opts.toJson();
        if (options.length() > Limits.MAX_TEXT) {
            throw f.invalid("branch_headers", options, "make the options longer than the " + Limits.MAX_TEXT
                    + " characters the store holds (send fewer or shorter headers)");
        }
        return new RequestBody(gid, type, steps, payloads, customData, queryPrepared, protocol,
                f.string("rollback_reason", Limits.MAX_TEXT), opts, f.stringMap("req_extra"));
    }

    private static Map<String, String> step(Fields f, Validation rules, TransType type, int i, JsonNode node) {
        String field = "steps[" + i + "]";
        if (!node.isObject()) {
            throw f.invalid(field, node, "must be a JSON object of strings, e.g. {\"action\":\"http://...\"}");
        }
        Map<String, String> step = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw f.invalid(field + "." + e.getKey(), e.getValue(), "must be a JSON string");
            }
            step.put(e.getKey(), f.text(field + "." + e.getKey(), e.getValue().asText(), Integer.MAX_VALUE));
        });
        if (type == TransType.SAGA) {
            rules.url(f, field + ".action", step.getOrDefault("action", ""), Validation.UrlKind.BRANCH);
            rules.url(f, field + ".compensate", step.getOrDefault("compensate", ""), Validation.UrlKind.BRANCH);
        } else if (type == TransType.MSG) {
            rules.url(f, field + ".action", step.getOrDefault("action", ""), Validation.UrlKind.MSG_ACTION);
        }
        return step;
    }
}
