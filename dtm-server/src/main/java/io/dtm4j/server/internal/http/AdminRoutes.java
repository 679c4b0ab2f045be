package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.store.KvRecord;
import io.dtm4j.server.store.TransStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The operator and topic endpoints of spec §2: {@code forceStop}, {@code resetNextCronTime},
 * {@code resetCronTime}, {@code subscribe}, {@code unsubscribe}, {@code DELETE topic/:name}, {@code scanKV},
 * {@code queryKV}.
 */
final class AdminRoutes {

    /** Reads the request body when a route needs it. */
    interface Body {
        JsonNode read() throws IOException;
    }

    private final ObjectMapper mapper;
    private final AdminService admin;
    private final TopicService topics;
    private final TransStore store;

    AdminRoutes(ObjectMapper mapper, AdminService admin, TopicService topics, TransStore store) {
        this.mapper = mapper;
        this.admin = admin;
        this.topics = topics;
        this.store = store;
    }

    /** Answers the route, or returns {@code null} when it is not one of these. */
    JsonNode route(String method, String operation, Map<String, String> q, Body body) throws IOException {
        if (method.equals("DELETE") && operation.startsWith("topic/")) {
            topics.delete(operation.substring("topic/".length()));
            return success();
        }
        switch (operation) {
            case "forceStop":
                admin.forceStop(body.read().path("gid").asText(""));
                return success();
            case "resetNextCronTime":
                admin.resetNextCronTime(body.read().path("gid").asText(""));
                return success();
            case "resetCronTime":
                long[] r = admin.resetCronTime(number(q, "timeout", 105), (int) number(q, "limit", 100));
                return mapper.createObjectNode().put("has_remaining", r[1] == 1).put("succeed_count", r[0]);
            case "subscribe":
                topics.subscribe(q.get("topic"), q.get("url"), q.get("remark"));
                return success();
            case "unsubscribe":
                topics.unsubscribe(q.get("topic"), q.get("url"));
                return success();
            case "scanKV":
                return kv(store.scanKv(q.getOrDefault("cat", ""), q.getOrDefault("position", ""),
                        (int) number(q, "limit", 100)), true, (int) number(q, "limit", 100));
            case "queryKV":
                return kv(store.findKv(q.getOrDefault("cat", ""), q.getOrDefault("key", "")).map(List::of)
                        .orElse(List.of()), false, 0);
            default:
                return null;
        }
    }

    private JsonNode kv(List<KvRecord> rows, boolean paged, int limit) {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode list = answer.putArray("kv");
        rows.forEach(r -> list.add(TopicService.view(r)));
        if (paged) {
            answer.put("next_position", rows.size() < limit ? "" : Long.toString(rows.get(rows.size() - 1).id()));
        }
        return answer;
    }

    private ObjectNode success() {
        return mapper.createObjectNode().put("dtm_result", "SUCCESS");
    }

    private static long number(Map<String, String> q, String name, long fallback) {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " '" + value + "' is not a number");
        }
    }
}
