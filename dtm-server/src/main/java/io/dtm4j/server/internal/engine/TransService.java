package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.BranchStatus;
import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.client.TransType;
import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.internal.store.BranchTrans;
import io.dtm4j.server.internal.store.GlobalTrans;
import io.dtm4j.server.internal.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import io.dtm4j.server.internal.json.Json;

/**
 * The server's transaction operations: {@code prepare}, {@code submit}, {@code abort}, {@code registerBranch}
 * (spec §2, §5, §6).
 */
public final class TransService {

    private static final Set<String> WORKFLOW_OPS = Set.of("action", "commit", "rollback", "business");
    private static final Set<String> WORKFLOW_STATUSES = Set.of(TransStatus.SUCCEED.wire(),
            TransStatus.FAILED.wire());

    private final Engine engine;
    private final RoundRunner rounds;
    private final TopicService topics;
    private final Validation rules;

    public TransService(Engine engine, RoundRunner rounds, TopicService topics, Validation rules) {
        this.engine = engine;
        this.rounds = rounds;
        this.topics = topics;
        this.rules = rules;
    }

    public String newGid() {
        return Gids.next();
    }

    public void prepare(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "prepare", rules);
        GlobalTrans g = newGlobal(body, TransStatus.PREPARED);
        try {
            engine.store.create(g, initialBranches(body, g.createTime));
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DUPLICATE) {
                throw new ApiException(ApiException.Kind.ERROR, e.getMessage(), e);
            }
            GlobalTrans existing = engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                    "gid '" + body.gid() + "' vanished during prepare"));
            if (existing.status != TransStatus.PREPARED) {
                throw ApiException.failure("current status '" + existing.status + "', cannot prepare. FAILURE");
            }
        }
    }

    /**
     * {@code prepareWorkflow} (spec §6.6): stores a new workflow as {@code prepared}, or finds the existing one;
     * returns it with all its progress rows.
     */
    public Workflow prepareWorkflow(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "prepareWorkflow", rules);
        if (body.transType() != TransType.WORKFLOW) {
            throw ApiException.badRequest("prepareWorkflow of gid '" + body.gid() + "' needs trans_type"
                    + " 'workflow', got '" + body.transType() + "'");
        }
        try {
            engine.store.create(newGlobal(body, TransStatus.PREPARED), List.of());
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DUPLICATE) {
                throw new ApiException(ApiException.Kind.ERROR, e.getMessage(), e);
            }
        }
        GlobalTrans g = engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                "gid '" + body.gid() + "' vanished during prepareWorkflow"));
        return new Workflow(g, engine.store.findBranches(body.gid()));
    }

    /** A workflow and its progress rows. */
    public record Workflow(GlobalTrans transaction, List<BranchTrans> progresses) {
    }

    private void submitWorkflow(RequestBody body) {
        Map<String, String> extra = body.reqExtra();
        String status = extra.getOrDefault("status", "");
        if (!WORKFLOW_STATUSES.contains(status)) {
            throw ApiException.badRequest("submit of gid '" + body.gid() + "': field 'req_extra.status' = \""
                    + Json.truncate(status) + "\" must be succeed or failed (the workflow's outcome)");
        }
        String result = extra.getOrDefault("result", "");
        if (result.length() > Limits.MAX_TEXT) {
            throw ApiException.badRequest("submit of gid '" + body.gid() + "': field 'req_extra.result' is "
                    + result.length() + " characters, longer than the " + Limits.MAX_TEXT + " the store holds");
        }
        GlobalTrans g = engine.store.findGlobal(body.gid()).filter(x -> x.status == TransStatus.PREPARED)
                .orElseThrow(() -> ApiException.error("storage: NotFound"));
        Trans t = new Trans(g, TransOpts.fromStored(g.options), List.of(), g.createTime);
        String reason = extra.getOrDefault("rollback_reason", "");
        engine.changeStatus(t, TransStatus.of(status), reason.isEmpty() ? null : reason, result);
    }

    /**
     * {@code submit}: stores the transaction, then runs its round on a round thread; the answer completes at once,
     * or, with {@code wait_result}, when the round ends.
     */
    public CompletableFuture<Void> submit(JsonNode json) {
        RequestBody body = RequestBody.parse(json, "submit", rules);
        if (body.transType() == TransType.WORKFLOW) {
            submitWorkflow(body);
            return CompletableFuture.completedFuture(null);
        }
        Instant now = engine.now();
        // A saga is normally new: try the insert first and read only when the gid turns out to exist.
        Optional<GlobalTrans> existing = body.transType() == TransType.SAGA ? Optional.empty()
                : engine.store.findGlobal(body.gid());
        GlobalTrans g = null;
        List<BranchTrans> branches = null;
        if (existing.isEmpty()) {
            g = newGlobal(body, TransStatus.SUBMITTED);
            engine.lease(g);
            branches = initialBranches(body, now);
            try {
                engine.store.create(g, branches);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.DUPLICATE) {
                    throw new ApiException(ApiException.Kind.ERROR, "submit of gid '" + body.gid() + "' could not"
                            + " be stored: " + e.getMessage() + " (retry the submit)", e);
                }
                existing = Optional.of(engine.store.findGlobal(body.gid()).orElseThrow(() -> ApiException.error(
                        "gid '" + body.gid() + "' was reported as existing but cannot be read (retry the submit)")));
            }
        }
        if (existing.isPresent()) {
            g = existing.get();
            if (g.status == TransStatus.PREPARED) {
                Trans flip = new Trans(g, TransOpts.fromStored(g.options), List.of(), g.createTime);
                engine.lease(g);
                engine.changeStatus(flip, TransStatus.SUBMITTED, null);
            } else if (g.status != TransStatus.SUBMITTED) {
                throw ApiException.failure("current status '" + g.status + "', cannot sumbmit. FAILURE");
            } else if (!takeOver(g)) {
                return held(g, body.opts().waitResult());
            }
            if (!body.customData().isEmpty() && g.transType != TransType.SAGA) {
                g.customData = body.customData();
            }
            branches = engine.store.findBranches(g.gid);
        }
        return rounds.process(new Trans(g, body.opts(), branches, existing.isPresent() ? now : g.createTime),
                body.opts().waitResult(), true);
    }

    /** {@code abort} (spec §6.4): with the stored {@code wait_result}, the answer waits for the round. */
    public CompletableFuture<Void> abort(JsonNode json) {
        Fields f = new Fields("abort", json);
        String gid = rules.gid(f);
        String type = f.string("trans_type", Limits.MAX_OP);
        String reason = f.string("rollback_reason", Integer.MAX_VALUE);
        GlobalTrans g = engine.store.findGlobal(gid).orElseThrow(() -> ApiException.error(
                "no TransGlobal with gid: " + gid + " found"));
        TransOpts stored = TransOpts.fromStored(g.options);
        Trans t = new Trans(g, stored, engine.store.findBranches(gid), g.createTime);
        if (g.transType == TransType.MSG && g.status == TransStatus.PREPARED) {
            engine.changeStatus(t, TransStatus.FAILED, reason.isEmpty() ? null : reason);
            return CompletableFuture.completedFuture(null);
        }
        if (!(TransType.TCC.wireName().equals(type) || TransType.XA.wireName().equals(type))
                || !(g.status == TransStatus.PREPARED || g.status == TransStatus.ABORTING)) {
            throw ApiException.failure("trans type: '" + g.transType + "' current status '" + g.status
                    + "', cannot abort. FAILURE");
        }
        if (g.status == TransStatus.ABORTING) {
            // Already aborting: a round (here or on another instance) may hold it; a second one would race it.
            return takeOver(g) ? rounds.process(t, stored.waitResult(), false) : held(g, stored.waitResult());
        }
        engine.lease(g);
        engine.changeStatus(t, TransStatus.ABORTING, reason.isEmpty() ? null : reason);
        return rounds.process(t, stored.waitResult(), false);
    }

    /**
     * A repeated submit or abort finds the transaction already in its status: it starts a round (as the official
     * server does) only when no round holds it (a round ended and released it, or its lease expired), taking the
     * lease; otherwise the holder goes on with it and this request does not race it.
     */
    private boolean takeOver(GlobalTrans g) {
        Instant now = engine.now();
        Instant until = now.plus(engine.config.retryInterval());
        String owner = Gids.owner();
        if (!engine.store.lease(g.gid, g.status, null, owner, until, g.nextCronInterval, now)) {
            return false;
        }
        g.owner = owner;
        g.nextCronTime = until;
        return true;
    }

    private static CompletableFuture<Void> held(GlobalTrans g, boolean waitResult) {
        if (!waitResult) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(ApiException.ongoing("gid '" + g.gid + "' is " + g.status + " and a"
                + " round (of this or another server instance) is processing it; query the gid for its outcome"));
    }

    /** {@code registerBranch} (spec §5.4): a flat object of strings; the global must be {@code prepared}. */
    public void registerBranch(JsonNode json) {
        Fields f = new Fields("registerBranch", json);
        json.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw f.invalid(e.getKey(), e.getValue(), "must be a JSON string (registerBranch takes string"
                        + " values only)");
            }
        });
        String gid = rules.gid(f);
        String type = f.string("trans_type", Limits.MAX_OP);
        String branchId = f.string("branch_id", Limits.MAX_ID);
        if (branchId.isEmpty()) {
            throw f.invalid("branch_id", "\"\"", "is required (e.g. \"01\")");
        }
        Instant now = engine.now();
        byte[] data = f.string("data", Integer.MAX_VALUE).getBytes(StandardCharsets.UTF_8);
        rules.payload(f, "data", data);
        List<BranchTrans> rows = new ArrayList<>();
        switch (Modes.find(type).orElse(TransType.SAGA)) {
            case TCC -> {
                rows.add(BranchTrans.of(gid, branchId, "cancel", branchUrl(f, "cancel"), data, now));
                rows.add(BranchTrans.of(gid, branchId, "confirm", branchUrl(f, "confirm"), data, now));
            }
            case XA -> {
                String url = branchUrl(f, "url");
                rows.add(BranchTrans.of(gid, branchId, "rollback", url, data, now));
                rows.add(BranchTrans.of(gid, branchId, "commit", url, data, now));
            }
            case WORKFLOW -> {
                String op = f.string("op", Limits.MAX_OP);
                if (!WORKFLOW_OPS.contains(op)) {
                    throw f.invalid("op", '"' + op + '"', "is not a workflow progress op (use action, commit,"
                            + " rollback or business)");
                }
                String status = f.string("status", Limits.MAX_OP);
                if (!WORKFLOW_STATUSES.contains(status)) {
                    throw f.invalid("status", '"' + status + '"', "must be succeed or failed (a workflow records"
                            + " finished steps)");
                }
                BranchTrans b = BranchTrans.of(gid, branchId, op, "", data, now);
                b.status = BranchStatus.of(status);
                rows.add(b);
            }
            default -> throw f.invalid("trans_type", '"' + type + '"', "is not a mode with registered branches"
                    + " (use tcc, xa or workflow)");
        }
        try {
            engine.store.appendBranches(gid, TransStatus.PREPARED, rows);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND) {
                throw ApiException.failure("no trans with gid: " + gid + " status: prepared found FAILURE");
            }
            throw ApiException.error(e.getMessage() + " (each branch_id and op may be registered once)");
        }
    }

    private String branchUrl(Fields f, String field) {
        String url = f.string(field, Limits.MAX_TEXT);
        rules.url(f, field, url, Validation.UrlKind.BRANCH);
        return url;
    }

    private GlobalTrans newGlobal(RequestBody body, TransStatus status) {
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
        g.owner = Gids.owner();
        return g;
    }

    private List<BranchTrans> initialBranches(RequestBody body, Instant now) {
        List<BranchTrans> rows = new ArrayList<>();
        for (int i = 0; i < body.steps().size(); i++) {
            Map<String, String> step = body.steps().get(i);
            String branchId = String.format("%02d", i + 1);
            byte[] payload = body.payloads().get(i);
            if (body.transType() == TransType.SAGA) {
                rows.add(BranchTrans.of(body.gid(), branchId, "compensate", step.get("compensate"), payload, now));
                rows.add(BranchTrans.of(body.gid(), branchId, "action", step.get("action"), payload, now));
            } else if (body.transType() == TransType.MSG) {
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
