package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.GlobalTrans;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The JSON shapes of {@code query} and {@code all} (spec §5.2): snake_case fields, empty ones omitted, times as
 * RFC 3339 with the server's offset, payloads base64.
 */
final class JsonViews {

    private JsonViews() {
    }

    static ObjectNode global(ObjectMapper mapper, GlobalTrans g) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", g.id);
        time(n, "create_time", g.createTime);
        time(n, "update_time", g.updateTime);
        n.put("gid", g.gid);
        n.put("trans_type", g.transType.wireName());
        n.put("status", g.status.wire());
        text(n, "query_prepared", g.queryPrepared);
        text(n, "protocol", g.protocol);
        time(n, "finish_time", g.finishTime);
        time(n, "rollback_time", g.rollbackTime);
        text(n, "result", g.result);
        text(n, "rollback_reason", g.rollbackReason);
        text(n, "options", g.options);
        text(n, "custom_data", g.customData);
        if (g.nextCronInterval > 0) {
            n.put("next_cron_interval", g.nextCronInterval);
        }
        time(n, "next_cron_time", g.nextCronTime);
        text(n, "owner", g.owner);
        text(n, "ext_data", g.extData);
        JsonNode options = parse(mapper, g.options);
        options.fields().forEachRemaining(e -> n.set(e.getKey(), e.getValue()));
        if (!n.has("concurrent")) {
            n.put("concurrent", false);
        }
        return n;
    }

    static ObjectNode branch(ObjectMapper mapper, BranchTrans b) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", b.id);
        time(n, "create_time", b.createTime);
        time(n, "update_time", b.updateTime);
        n.put("gid", b.gid);
        n.put("url", b.url);
        n.put("bin_data", Base64.getEncoder().encodeToString(b.binData));
        n.put("branch_id", b.branchId);
        n.put("op", b.op);
        n.put("status", b.status.wire());
        time(n, "finish_time", b.finishTime);
        time(n, "rollback_time", b.rollbackTime);
        return n;
    }

    private static JsonNode parse(ObjectMapper mapper, String json) {
        try {
            JsonNode node = json == null || json.isBlank() ? null : mapper.readTree(json);
            return node != null && node.isObject() ? node : mapper.createObjectNode();
        } catch (java.io.IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static void text(ObjectNode n, String field, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(field, value);
        }
    }

    private static void time(ObjectNode n, String field, Instant value) {
        if (value != null) {
            n.put(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZone(ZoneId.systemDefault())));
        }
    }
}
