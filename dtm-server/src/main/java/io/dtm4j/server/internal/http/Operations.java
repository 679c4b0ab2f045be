package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.Limits;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.internal.engine.TransService;
import io.dtm4j.server.internal.json.Json;
import io.dtm4j.server.internal.store.GlobalTrans;
import io.dtm4j.server.internal.store.KvPage;
import io.dtm4j.server.internal.store.KvRecord;
import io.dtm4j.server.internal.store.ScanQuery;
import io.dtm4j.server.internal.store.ScanResult;
import io.dtm4j.server.internal.store.TransStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The table of DTM operations under {@code /api/dtmsvr/} (spec §2), shared by REST and JSON-RPC: each takes a
 * {@link Call} and completes with the JSON answer, or with an {@link ApiException}.
 */
final class Operations {

    /** The operator's endpoints, which {@code ApiTokenScope: admin} protects. */
    static final Set<String> ADMIN = Set.of("forceStop", "resetCronTime", "resetNextCronTime", "subscribe",
            "unsubscribe", "topic", "scanKV", "queryKV");

    /** The methods JSON-RPC serves (spec §3.2). */
    static final Set<String> JSON_RPC = Set.of("newGid", "prepare", "submit", "abort", "registerBranch");

    interface Operation {
        CompletableFuture<JsonNode> run(Call call);
    }

    private final Map<String, Operation> table = new HashMap<>();
    private final TransStore store;
    private final String version;
    private final Function<String, JsonNode> deleteTopic;

    Operations(TransService trans, AdminService admin, TopicService topics, TransStore store, String version) {
        this.store = store;
        this.version = version;
        now("version", c -> Json.MAPPER.createObjectNode().put("version", version));
        now("newGid", c -> Json.MAPPER.createObjectNode().put("gid", trans.newGid()).put("dtm_result", "SUCCESS"));
        now("prepare", c -> success(() -> trans.prepare(c.body().get())));
        table.put("submit", c -> trans.submit(c.body().get()).thenApply(v -> success()));
        table.put("abort", c -> trans.abort(c.body().get()).thenApply(v -> success()));
        for (String name : List.of("registerBranch", "registerXaBranch", "registerTccBranch")) {
            now(name, c -> success(() -> trans.registerBranch(c.body().get())));
        }
        now("prepareWorkflow", c -> {
            TransService.Workflow wf = trans.prepareWorkflow(c.body().get());
            ObjectNode reply = Json.MAPPER.createObjectNode();
            reply.set("transaction", JsonViews.global(Json.MAPPER, wf.transaction()));
            ArrayNode progresses = reply.putArray("progresses");
            wf.progresses().forEach(b -> progresses.add(JsonViews.branch(Json.MAPPER, b)));
            return reply;
        });
        now("query", c -> query(QueryParams.gid(c.query(), "query", true)));
        now("all", c -> all(c.query()));
        now("forceStop", c -> success(() -> admin.forceStop(bodyGid(c, "forceStop"))));
        now("resetNextCronTime", c -> success(() -> admin.resetNextCronTime(bodyGid(c, "resetNextCronTime"))));
        now("resetCronTime", c -> {
            long[] r = admin.resetCronTime(QueryParams.number(c.query(), "resetCronTime", "timeout", 105, 0,
                    Limits.MAX_SECONDS), (int) QueryParams.number(c.query(), "resetCronTime", "limit", 100, 1, 10_000));
            return Json.MAPPER.createObjectNode().put("has_remaining", r[1] == 1).put("succeed_count", r[0]);
        });
        now("subscribe", c -> success(() -> topics.subscribe(c.query().get("topic"), c.query().get("url"),
                c.query().get("remark"))));
        now("unsubscribe", c -> success(() -> topics.unsubscribe(c.query().get("topic"), c.query().get("url"))));
        now("scanKV", c -> {
            int limit = (int) QueryParams.number(c.query(), "scanKV", "limit", 100, 1, 10_000);
            KvPage page = store.scanKv(c.query().getOrDefault("cat", ""), QueryParams.position(c.query(),
                    "scanKV"), limit);
            return kv(page.rows()).put("next_position", page.next());
        });
        now("queryKV", c -> kv(store.findKv(c.query().getOrDefault("cat", ""), c.query().getOrDefault("key", ""))
                .map(List::of).orElse(List.of())));
        table.put("topic", c -> {
            throw ApiException.badRequest("topic/<name> is answered only to DELETE (DELETE /api/dtmsvr/topic/T)");
        });
        this.deleteTopic = name -> success(() -> topics.delete(name));
    }

    /** The operation of that name, or {@code null}. */
    Operation find(String name) {
        return table.get(name);
    }

    /** {@code DELETE /api/dtmsvr/topic/:name}. */
    CompletableFuture<JsonNode> deleteTopic(String name) {
        return CompletableFuture.completedFuture(deleteTopic.apply(name));
    }

    String version() {
        return version;
    }

    private void now(String name, Function<Call, JsonNode> op) {
        table.put(name, c -> CompletableFuture.completedFuture(op.apply(c)));
    }

    private static String bodyGid(Call c, String op) {
        JsonNode gid = c.body().get().get("gid");
        if (gid == null || !gid.isTextual() || gid.asText().isEmpty()) {
            throw ApiException.badRequest(op + ": field 'gid' = " + Json.truncate(String.valueOf(gid)) + " is"
                    + " required as a non-empty JSON string (send {\"gid\": \"...\"})");
        }
        return QueryParams.checkGid(gid.asText(), op);
    }

    private JsonNode query(String gid) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        GlobalTrans g = store.findGlobal(gid).orElse(null);
        answer.set("transaction", g == null ? Json.MAPPER.nullNode() : JsonViews.global(Json.MAPPER, g));
        ArrayNode branches = answer.putArray("branches");
        if (g != null) {
            store.findBranches(gid).forEach(b -> branches.add(JsonViews.branch(Json.MAPPER, b)));
        }
        return answer;
    }

    private JsonNode all(Map<String, String> q) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("transactions");
        String gid = QueryParams.gid(q, "all", false);
        if (!gid.isEmpty()) {
            GlobalTrans g = store.findGlobal(gid).orElse(null);
            if (g == null) {
                answer.putNull("transactions");
            } else {
                list.add(JsonViews.global(Json.MAPPER, g));
            }
            return answer.put("next_position", "");
        }
        int limit = (int) QueryParams.number(q, "all", "limit", 100, 1, 10_000);
        ScanResult page = store.scan(new ScanQuery(QueryParams.position(q, "all"), limit,
                QueryParams.word(q, "all", "status"), QueryParams.word(q, "all", "transType"),
                millis(q, "createTimeStart"), millis(q, "createTimeEnd")));
        page.transactions().forEach(g -> list.add(JsonViews.global(Json.MAPPER, g)));
        return answer.put("next_position", page.nextPosition());
    }

    private static Instant millis(Map<String, String> q, String name) {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return Instant.ofEpochSecond(QueryParams.number(q, "all", name, 0, 0, Long.MAX_VALUE) / 1000);
    }

    private static ObjectNode kv(List<KvRecord> rows) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("kv");
        rows.forEach(r -> list.add(TopicService.view(r)));
        return answer;
    }

    private static JsonNode success(Runnable action) {
        action.run();
        return success();
    }

    static ObjectNode success() {
        return Json.MAPPER.createObjectNode().put("dtm_result", "SUCCESS");
    }
}
