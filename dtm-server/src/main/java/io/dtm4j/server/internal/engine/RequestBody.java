package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prepare/submit/abort body (spec §5.1), validated: a clear 400 for a missing gid or an unknown trans_type
 * instead of the official server's panic.
 */
record RequestBody(String gid, String transType, List<Map<String, String>> steps, List<byte[]> payloads,
        String customData, String queryPrepared, String protocol, String rollbackReason, TransOpts opts) {

    static final Set<String> TYPES = Set.of("saga", "tcc", "msg", "xa", "workflow");

    static RequestBody parse(JsonNode body, String operation) {
        String gid = escape(body.path("gid").asText(""));
        if (gid.isBlank()) {
            throw ApiException.badRequest(operation + " needs a gid, got " + abbreviate(body.path("gid").toString())
                    + " (send \"gid\": a unique id, e.g. from GET /api/dtmsvr/newGid)");
        }
        String type = body.path("trans_type").asText("");
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest(operation + " of gid '" + gid + "': unknown trans_type '" + type
                    + "' (use one of saga, tcc, msg, xa, workflow)");
        }
        List<Map<String, String>> steps = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (JsonNode p : body.path("payloads")) {
            payloads.add(p.asText("").getBytes(StandardCharsets.UTF_8));
        }
        for (JsonNode s : body.path("steps")) {
            Map<String, String> step = new LinkedHashMap<>();
            s.fields().forEachRemaining(e -> step.put(e.getKey(), e.getValue().asText("")));
            steps.add(step);
            String legacy = step.get("data");
            if (legacy != null && !legacy.isEmpty()) {
                payloads.add(legacy.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (("saga".equals(type) || "msg".equals(type)) && payloads.size() < steps.size()) {
            while (payloads.size() < steps.size()) {
                payloads.add(new byte[0]);
            }
        }
        return new RequestBody(gid, type, steps, payloads, body.path("custom_data").asText(""),
                body.path("query_prepared").asText(""), body.path("protocol").asText(""),
                body.path("rollback_reason").asText(""), TransOpts.from(body));
    }

    /** The official handlers delete newlines and semicolons from gids. */
    static String escape(String value) {
        return value.replace("\n", "").replace("\r", "").replace(";", "");
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
