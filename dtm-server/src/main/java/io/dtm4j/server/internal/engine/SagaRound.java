package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.internal.store.BranchStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.DtmResult;
import io.dtm4j.server.internal.store.BranchTrans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One processing round of a saga (spec §6.3): forward actions in order (or concurrently, bound by branch orders)
 * until one fails, then compensations in reverse. Step {@code i} is branch id {@code i + 1} (two digits or more),
 * with an {@code action} row and a {@code compensate} row, found by id and op whatever the storage order.
 */
final class SagaRound {

    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SagaRound.class);

    private final Engine engine;
    private final Trans t;
    private final int steps;
    private final BranchTrans[] actions;
    private final BranchTrans[] compensations;
    private boolean concurrent;
    private final Map<Integer, List<Integer>> orders = new HashMap<>();
    private final Set<Integer> possiblyExecuted = new HashSet<>();
    private String failure;
    private boolean stalled;
    private final SagaPhases phases;

    SagaRound(Engine engine, Trans t) {
        this.engine = engine;
        this.t = t;
        Map<String, Integer> index = new HashMap<>();
        for (BranchTrans b : t.branches) {
            index.putIfAbsent(b.branchId, index.size());
        }
        this.steps = index.size();
        this.phases = new SagaPhases(engine, t, steps);
        this.actions = new BranchTrans[steps];
        this.compensations = new BranchTrans[steps];
        List<String> ids = new ArrayList<>(index.keySet());
        ids.sort(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
        for (int i = 0; i < steps; i++) {
            index.put(ids.get(i), i);
        }
        for (BranchTrans b : t.branches) {
            (("action".equals(b.op)) ? actions : compensations)[index.get(b.branchId)] = b;
        }
        for (int i = 0; i < steps; i++) {
            if (actions[i] == null || compensations[i] == null) {
                throw new IllegalStateException("gid " + t.g.gid + ": saga branch " + ids.get(i) + " lacks its "
                        + (actions[i] == null ? "action" : "compensate") + " row");
            }
        }
    }

    void run() throws InterruptedException {
        if (t.is(TransStatus.SUBMITTED) && engine.timedOut(t)) {
            engine.changeStatus(t, TransStatus.ABORTING, "Timeout after " + t.opts.timeoutToFail() + " seconds");
        }
        parseCustomData();
        if (t.is(TransStatus.SUBMITTED) && anyActionFailed()) {
            engine.changeStatus(t, TransStatus.ABORTING, "fail message lost");
        }
        if (t.is(TransStatus.SUBMITTED)) {
            forward();
        }
        if (t.is(TransStatus.ABORTING)) {
            markPickable();
            backward();
        }
    }

    private BranchTrans action(int step) {
        return actions[step];
    }

    private BranchTrans compensate(int step) {
        return compensations[step];
    }

    private void forward() throws InterruptedException {
        Set<Integer> started = phases.run(i -> action(i).status == BranchStatus.PREPARED && runnable(i), this::action,
                false, () -> failure == null && t.is(TransStatus.SUBMITTED) && !engine.timedOut(t),
                this::onActionResult);
        for (int i : started) {
            if (action(i).status == BranchStatus.PREPARED) {
                possiblyExecuted.add(i);
            }
        }
        if (failure != null && t.is(TransStatus.SUBMITTED)) {
            engine.changeStatus(t, TransStatus.ABORTING, failure.isEmpty() ? "fail message lost" : failure);
        } else if (t.is(TransStatus.SUBMITTED) && engine.timedOut(t) && !allActionsSucceeded()) {
            engine.changeStatus(t, TransStatus.ABORTING, "Timeout after " + t.opts.timeoutToFail() + " seconds");
        } else if (t.is(TransStatus.SUBMITTED) && allActionsSucceeded()) {
            engine.changeStatus(t, TransStatus.SUCCEED, null);
        }
    }

    /** Applies an action's outcome; returns {@code true} to call it again at once (spec §7.6 retry_limit). */
    private boolean onActionResult(int step, BranchInvoker.Outcome outcome) {
        if (engine.applyOutcome(t, action(step), outcome)) {
            if (action(step).status == BranchStatus.FAILED) {
                failure = outcome.message();
            }
            return false;
        }
        if (t.opts.retryLimit() <= 0) {
            return false;
        }
        if (t.retryCount < t.opts.retryLimit()) {
            t.retryCount++;
            return true;
        }
        engine.changeStatus(t, TransStatus.ABORTING, "RetryCount is greater than RetryLimit, RetryLimit: "
                + t.opts.retryLimit());
        return false;
    }

    private void backward() throws InterruptedException {
        phases.run(i -> needsCompensation(i) && successorsRolledBack(i), this::compensate, true,
                () -> t.is(TransStatus.ABORTING), (step, outcome) -> {
                    stalled |= !engine.applyOutcome(t, compensate(step), outcome);
                    return false;
                });
        if (!stalled && t.is(TransStatus.ABORTING) && allCompensated()) {
            engine.changeStatus(t, TransStatus.FAILED, null);
        }
    }

    /** Spec §6.3 step 6: actions the picker would start now may have run (an earlier round's call). */
    private void markPickable() {
        for (int i = 0; i < steps; i++) {
            if (action(i).status == BranchStatus.PREPARED && runnable(i)) {
                possiblyExecuted.add(i);
            }
        }
    }

    private boolean anyActionFailed() {
        for (int i = 0; i < steps; i++) {
            if (action(i).status == BranchStatus.FAILED) {
                return true;
            }
        }
        return false;
    }

    private boolean runnable(int step) {
        if (!concurrent && step > 0 && action(step - 1).status != BranchStatus.SUCCEED) {
            return false;
        }
        for (int pre : orders.getOrDefault(step, List.of())) {
            if (action(pre).status != BranchStatus.SUCCEED) {
                return false;
            }
        }
        return true;
    }

    /** A step's compensation is due when its action may have run and the compensation has not succeeded. */
    private boolean needsCompensation(int step) {
        return compensate(step).status == BranchStatus.PREPARED
                && (action(step).status != BranchStatus.PREPARED || possiblyExecuted.contains(step));
    }

    private boolean rolledBack(int step) {
        return compensate(step).status == BranchStatus.SUCCEED
                || action(step).status == BranchStatus.PREPARED && !possiblyExecuted.contains(step);
    }

    private boolean successorsRolledBack(int step) {
        if (!concurrent) {
            return step == steps - 1 || rolledBack(step + 1);
        }
        for (Map.Entry<Integer, List<Integer>> e : orders.entrySet()) {
            if (e.getValue().contains(step) && !rolledBack(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    private boolean allActionsSucceeded() {
        for (int i = 0; i < steps; i++) {
            if (action(i).status != BranchStatus.SUCCEED) {
                return false;
            }
        }
        return true;
    }

    private boolean allCompensated() {
        for (int i = 0; i < steps; i++) {
            if (needsCompensation(i)) {
                return false;
            }
        }
        return true;
    }

    private void parseCustomData() {
        if (t.g.customData == null || t.g.customData.isBlank()) {
            return;
        }
        try {
            JsonNode custom = MAPPER.readTree(t.g.customData);
            concurrent = custom.path("concurrent").asBoolean(false);
            custom.path("orders").fields().forEachRemaining(e -> {
                List<Integer> pres = new ArrayList<>();
                e.getValue().forEach(n -> pres.add(n.asInt()));
                orders.put(Integer.parseInt(e.getKey()), pres);
            });
        } catch (IOException | NumberFormatException e) {
            t.recordError(DtmResult.ERROR, "custom_data is not valid saga options: " + t.g.customData);
        }
    }

}
