package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.store.BranchTrans;
import io.dtm4j.server.store.GlobalTrans;
import io.dtm4j.server.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's transaction operations: {@code prepare}, {@code submit}, {@code abort}, {@code registerBranch}
 * (spec §2, §5, §6).
 */
public final class TransService {

    private final Engine engine;
    private final RoundRunner rounds;
    private final TopicService topics;

    public TransService(Engine engine, RoundRunner rounds, TopicService topics) {
        this.engine = engine;
        this.rounds = rounds;
        this.topics = topics;
    }

    public String newGid() {
        return Gids.next();
    }

    public void prepare(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "prepare");
        GlobalTrans g = newGlobal(body, "prepared");
        try {
            engine.store.create(g, initialBranches(body, g.createTime));
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DUPLICATE) {
                throw ApiException.error(e.getMessage());
            }
            GlobalTrans existing = engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                    "gid '" + body.gid() + "' vanished during prepare"));
            if (!"prepared".equals(existing.status)) {
                throw ApiException.failure("current status '" + existing.status + "', cannot prepare. FAILURE");
            }
        }
    }

    /**
     * {@code prepareWorkflow} (spec §6.6): stores a new workflow as {@code prepared}, or finds the existing one;
     * returns it with all its progress rows.
     */
    public Workflow prepareWorkflow(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "prepareWorkflow");
        if (!"workflow".equals(body.transType())) {
            throw ApiException.badRequest("prepareWorkflow of gid '" + body.gid() + "' needs trans_type"
                    + " 'workflow', got '" + body.transType() + "'");
        }
        try {
            engine.store.create(newGlobal(body, "prepared"), List.of());
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DUPLICATE) {
                throw ApiException.error(e.getMessage());
            }
        }
        GlobalTrans g = engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                "gid '" + body.gid() + "' vanished during prepareWorkflow"));
        return new Workflow(g, engine.store.findBranches(body.gid()));
    }

    /** A workflow and its progress rows. */
    public record Workflow(GlobalTrans transaction, List<BranchTrans> progresses) {
    }

    private void submitWorkflow(RequestBody body, JsonNode json) {
        JsonNode extra = json.path("req_extra");
        String status = extra.path("status").asText("");
        if (!"succeed".equals(status) && !"failed".equals(status)) {
            throw ApiException.badRequest("workflow submit of gid '" + body.gid() + "' needs req_extra.status"
                    + " 'succeed' or 'failed', got '" + status + "'");
        }
        GlobalTrans g = engine.store.findGlobal(body.gid()).filter(x -> "prepared".equals(x.status))
                .orElseThrow(() -> ApiException.error("storage: NotFound"));
        Trans t = new Trans(g, TransOpts.fromStored(g.options), List.of(), g.createTime);
        String reason = extra.path("rollback_reason").asText("");
        engine.changeStatus(t, status, reason.isEmpty() ? null : reason, extra.path("result").asText(""));
    }

    public void submit(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "submit");
        if ("workflow".equals(body.transType())) {
            submitWorkflow(body, json);
            return;
        }
        Instant now = engine.now();
        // A saga is normally new: try the insert first and read only when the gid turns out to exist.
        Optional<GlobalTrans> existing = "saga".equals(body.transType()) ? Optional.empty()
                : engine.store.findGlobal(body.gid());
        GlobalTrans g = null;
        List<BranchTrans> branches = null;
        if (existing.isEmpty()) {
            g = newGlobal(body, "submitted");
            branches = initialBranches(body, now);
            try {
                engine.store.create(g, branches);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.DUPLICATE) {
                    throw ApiException.error("submit of gid '" + body.gid() + "' could not be stored: "
                            + e.getMessage() + " (retry the submit)");
                }
                existing = Optional.of(engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                        "gid '" + body.gid() + "' was reported as existing but cannot be read (retry the submit)")));
            }
        }
        if (existing.isPresent()) {
            g = existing.get();
            if ("prepared".equals(g.status)) {
                Trans flip = new Trans(g, TransOpts.fromStored(g.options), List.of(), g.createTime);
                engine.changeStatus(flip, "submitted", null);
            } else if (!"submitted".equals(g.status)) {
                throw ApiException.failure("current status '" + g.status + "', cannot sumbmit. FAILURE");
            }
            if (!body.customData().isEmpty() && !"saga".equals(g.transType)) {
                g.customData = body.customData();
            }
            branches = engine.store.findBranches(g.gid);
        }
        rounds.process(new Trans(g, body.opts(), branches, existing.isPresent() ? now : g.createTime),
                body.opts().waitResult(), true);
    }

    public void abort(JsonNode json) {
        String gid = RequestBody.escape(json.path("gid").asText(""));
        GlobalTrans g = engine.store.findGlobal(gid).orElseThrow(() -> ApiException.error(
                "no TransGlobal with gid: " + gid + " found"));
        TransOpts stored = TransOpts.fromStored(g.options);
        Trans t = new Trans(g, stored, engine.store.findBranches(gid), g.createTime);
        String reason = json.path("rollback_reason").asText("");
        if ("msg".equals(g.transType) && "prepared".equals(g.status)) {
            engine.changeStatus(t, "failed", reason.isEmpty() ? null : reason);
            return;
        }
        String type = json.path("trans_type").asText("");
        if (!("tcc".equals(type) || "xa".equals(type))
                || !("prepared".equals(g.status) || "aborting".equals(g.status))) {
            throw ApiException.failure("trans type: '" + g.transType + "' current status '" + g.status
                    + "', cannot abort. FAILURE");
        }
        engine.changeStatus(t, "aborting", reason.isEmpty() ? null : reason);
        rounds.process(t, stored.waitResult(), false);
    }

    public void registerBranch(JsonNode json) {
        json.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("registerBranch values must be strings, but '" + e.getKey() + "' is "
                        + RequestBody.abbreviate(e.getValue().toString()) + " (send it as a JSON string)");
            }
        });
        String gid = RequestBody.escape(json.path("gid").asText(""));
        String type = json.path("trans_type").asText("");
        String branchId = json.path("branch_id").asText("");
        if (gid.isEmpty() || branchId.isEmpty()) {
            throw ApiException.badRequest("registerBranch needs gid and branch_id, got gid='" + gid
                    + "' branch_id='" + branchId + "'");
        }
        Instant now = engine.now();
        byte[] data = json.path("data").asText("").getBytes(StandardCharsets.UTF_8);
        List<BranchTrans> rows = new ArrayList<>();
        switch (type) {
            case "tcc" -> {
                rows.add(BranchTrans.of(gid, branchId, "cancel", json.path("cancel").asText(""), data, now));
                rows.add(BranchTrans.of(gid, branchId, "confirm", json.path("confirm").asText(""), data, now));
            }
            case "xa" -> {
                rows.add(BranchTrans.of(gid, branchId, "rollback", json.path("url").asText(""), data, now));
                rows.add(BranchTrans.of(gid, branchId, "commit", json.path("url").asText(""), data, now));
            }
            case "workflow" -> {
                BranchTrans b = BranchTrans.of(gid, branchId, json.path("op").asText(""), "", data, now);
                b.status = json.path("status").asText("prepared");
                rows.add(b);
            }
            default -> throw ApiException.badRequest("unknow trans type: " + type + " (registerBranch takes tcc,"
                    + " xa or workflow branches of gid '" + gid + "')");
        }
        try {
            engine.store.appendBranches(gid, "prepared", rows);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND) {
                throw ApiException.failure("no trans with gid: " + gid + " status: prepared found FAILURE");
            }
            throw ApiException.error(e.getMessage() + " (each branch_id and op may be registered once)");
        }
    }

    private GlobalTrans newGlobal(RequestBody body, String status) {
        Instant now = engine.now();
        GlobalTrans g = new GlobalTrans();
        g.gid = body.gid();
        g.transType = body.transType();
        g.status = status;
        g.queryPrepared = body.queryPrepared();
        g.protocol = body.protocol().isEmpty() ? "http" : body.protocol();
        g.createTime = now;
        g.updateTime = now;
        g.options = body.opts().toJson();
        g.customData = body.customData();
        g.rollbackReason = body.rollbackReason();
        g.nextCronInterval = engine.resetInterval(body.opts());
        g.nextCronTime = now.plusSeconds(g.nextCronInterval);
        return g;
    }

    private List<BranchTrans> initialBranches(RequestBody body, Instant now) {
        List<BranchTrans> rows = new ArrayList<>();
        for (int i = 0; i < body.steps().size(); i++) {
            Map<String, String> step = body.steps().get(i);
            String branchId = String.format("%02d", i + 1);
            byte[] payload = body.payloads().get(i);
            if ("saga".equals(body.transType())) {
                rows.add(BranchTrans.of(body.gid(), branchId, "compensate", step.get("compensate"), payload, now));
                rows.add(BranchTrans.of(body.gid(), branchId, "action", step.get("action"), payload, now));
            } else if ("msg".equals(body.transType())) {
                String action = step.getOrDefault("action", "");
                if (!action.startsWith("topic://")) {
                    rows.add(BranchTrans.of(body.gid(), branchId, "action", action, payload, now));
                    continue;
                }
                List<String> urls = topics.subscribers(action.substring("topic://".length()));
                if (urls.isEmpty()) {
                    throw ApiException.error("topic not found");
                }
                for (int j = 0; j < urls.size(); j++) {
                    String id = urls.size() == 1 ? branchId : branchId + "-" + String.format("%02d", j + 1);
                    rows.add(BranchTrans.of(body.gid(), id, "action", urls.get(j), payload, now));
                }
            }
        }
        return rows;
    }
}
