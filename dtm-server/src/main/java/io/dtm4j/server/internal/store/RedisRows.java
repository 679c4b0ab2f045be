package io.dtm4j.server.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.client.TransType;
import io.dtm4j.server.internal.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * The JSON of the official Redis store's values: a transaction ({@code P_g_<gid>}) with its options also inline,
 * as the official server writes and reads them; a branch row ({@code P_b_<gid>} elements, {@code bin_data} in
 * base64); a KV row. Times are RFC 3339, which both servers read whatever offset the other wrote.
 */
final class RedisRows {

    private RedisRows() {
    }

    static String global(GlobalTrans g) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        // The official server reads the options from their inline fields; the options text is kept too.
        JsonNode options = parse(g.options);
        if (options instanceof ObjectNode inline) {
            o.setAll(inline);
        }
        o.put("id", 0);
        time(o, "create_time", g.createTime);
        time(o, "update_time", g.updateTime);
        o.put("gid", g.gid).put("trans_type", g.transType.wireName()).put("status", g.status.wire())
                .put("query_prepared", g.queryPrepared).put("protocol", g.protocol);
        time(o, "finish_time", g.finishTime);
        time(o, "rollback_time", g.rollbackTime);
        o.put("rollback_reason", g.rollbackReason).put("options", g.options).put("custom_data", g.customData)
                .put("next_cron_interval", g.nextCronInterval);
        time(o, "next_cron_time", g.nextCronTime);
        o.put("owner", g.owner).put("ext_data", g.extData).put("result", g.result);
        return o.toString();
    }

    /** The fields a status change writes, for the change script (a null removes a field). */
    static String statusFields(GlobalTrans g) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        time(o, "update_time", g.updateTime);
        time(o, "finish_time", g.finishTime);
        time(o, "rollback_time", g.rollbackTime);
        o.put("rollback_reason", g.rollbackReason).put("result", g.result).put("owner", g.owner);
        time(o, "next_cron_time", g.nextCronTime);
        return o.toString();
    }

    static GlobalTrans global(String json) {
        JsonNode o = parse(json);
        GlobalTrans g = new GlobalTrans();
        g.id = o.path("id").asLong();
        g.gid = o.path("gid").asText();
        g.transType = TransType.fromWireName(o.path("trans_type").asText());
        g.status = TransStatus.of(o.path("status").asText());
        g.queryPrepared = o.path("query_prepared").asText("");
        g.protocol = o.path("protocol").asText("http");
        g.createTime = time(o, "create_time");
        g.updateTime = time(o, "update_time");
        g.finishTime = time(o, "finish_time");
        g.rollbackTime = time(o, "rollback_time");
        g.rollbackReason = o.path("rollback_reason").asText("");
        g.options = o.path("options").asText("");
        g.customData = o.path("custom_data").asText("");
        g.nextCronInterval = o.path("next_cron_interval").asLong();
        g.nextCronTime = time(o, "next_cron_time");
        g.owner = o.path("owner").asText("");
        g.extData = o.path("ext_data").asText("");
        g.result = o.path("result").asText("");
        return g;
    }

    static String branch(BranchTrans b) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", 0);
        time(o, "create_time", b.createTime);
        time(o, "update_time", b.updateTime);
        o.put("gid", b.gid).put("url", b.url).put("bin_data", Base64.getEncoder().encodeToString(b.binData))
                .put("branch_id", b.branchId).put("op", b.op).put("status", b.status.wire());
        time(o, "finish_time", b.finishTime);
        time(o, "rollback_time", b.rollbackTime);
        return o.toString();
    }

    /** A branch result for the change script: its key and the fields a result writes. */
    static String branchResult(BranchTrans b) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("branch_id", b.branchId).put("op", b.op).put("status", b.status.wire());
        time(o, "update_time", b.updateTime);
        time(o, "finish_time", b.finishTime);
        time(o, "rollback_time", b.rollbackTime);
        return o.toString();
    }

    static BranchTrans branch(String json, long position) {
        JsonNode o = parse(json);
        String data = o.path("bin_data").asText("");
        BranchTrans b = BranchTrans.of(o.path("gid").asText(), o.path("branch_id").asText(), o.path("op").asText(),
                o.path("url").asText(""), data.isEmpty() ? new byte[0] : Base64.getDecoder().decode(data),
                time(o, "create_time"));
        b.id = position + 1;
        b.status = BranchStatus.of(o.path("status").asText());
        b.updateTime = time(o, "update_time");
        b.finishTime = time(o, "finish_time");
        b.rollbackTime = time(o, "rollback_time");
        return b;
    }

    static String kv(String cat, String key, String value, long version, Instant created, Instant updated) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", 0);
        time(o, "create_time", created);
        time(o, "update_time", updated);
        return o.put("cat", cat).put("k", key).put("v", value).put("version", version).toString();
    }

    static KvRecord kv(String json) {
        JsonNode o = parse(json);
        return new KvRecord(o.path("id").asLong(), o.path("cat").asText(), o.path("k").asText(),
                o.path("v").asText(""), o.path("version").asLong(1), time(o, "create_time"), time(o, "update_time"));
    }

    /** Unix seconds with milliseconds, the schedule's score (the official server writes whole seconds). */
    static String score(Instant t) {
        if (t == null) {
            return "0";
        }
        int millis = t.getNano() / 1_000_000;
        // Not String.format: this runs on every write, and the formatter showed in profiles.
        return t.getEpochSecond() + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis;
    }

    static String text(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static void time(ObjectNode o, String field, Instant t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.put(field, t.toString());
        }
    }

    private static Instant time(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty() || v.asText().startsWith("0001-01-01")) {
            return null;
        }
        return OffsetDateTime.parse(v.asText()).toInstant();
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Kind.FAILED, "a value in the Redis store is not the JSON a DTM"
                    + " server writes: " + Json.truncate(json) + " (" + e.getOriginalMessage() + ")", e);
        }
    }
}
