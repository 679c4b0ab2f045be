package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.internal.store.BranchStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.DtmResult;
import io.dtm4j.server.internal.store.BranchTrans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One processing round of a 2-phase message (spec §6.7): the back-check of a prepared message that timed out,
 * the delay, then delivery of every action still prepared (in order, or all at once when concurrent).
 */
final class MsgRound {

    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    private final Engine engine;
    private final Trans t;

    MsgRound(Engine engine, Trans t) {
        this.engine = engine;
        this.t = t;
    }

    void run() throws InterruptedException {
        if (t.is(TransStatus.PREPARED) && engine.timedOut(t)) {
            backCheck();
        }
        if (!t.is(TransStatus.SUBMITTED)) {
            return;
        }
        long delay = delaySeconds();
        if (delay > 0 && engine.now().isBefore(t.createTime.plusSeconds(delay))) {
            t.g.nextCronTime = engine.now().plusSeconds(delay);
            engine.store.touch(t.g.gid, t.g.status, t.g.owner, t.g.nextCronTime, t.g.nextCronInterval);
            return;
        }
        boolean allDone = t.opts.concurrent() ? deliverConcurrently() : deliverInOrder();
        if (allDone) {
            engine.changeStatus(t, TransStatus.SUCCEED, null);
        }
    }

    private void backCheck() {
        BranchTrans query = BranchTrans.of(t.g.gid, "00", "msg", t.g.queryPrepared, new byte[0], engine.now());
        BranchInvoker.Outcome outcome = engine.callBackCheck(t, query);
        if (outcome.result() == DtmResult.SUCCESS) {
            engine.changeStatus(t, TransStatus.SUBMITTED, null);
        } else if (outcome.result() == DtmResult.FAILURE) {
            engine.changeStatus(t, TransStatus.FAILED, null);
        } else {
            t.recordError(outcome.result(), outcome.message(), outcome.httpStatus());
        }
    }

    private boolean deliverInOrder() {
        for (BranchTrans b : t.branches) {
            if ("action".equals(b.op) && b.status == BranchStatus.PREPARED
                    && !engine.applyOutcome(t, b, engine.call(t, b))) {
                return false;
            }
        }
        return true;
    }

    private boolean deliverConcurrently() throws InterruptedException {
        List<BranchTrans> due = new ArrayList<>();
        List<Future<BranchInvoker.Outcome>> calls = new ArrayList<>();
        boolean rejected = false;
        for (BranchTrans b : t.branches) {
            if ("action".equals(b.op) && b.status == BranchStatus.PREPARED) {
                try {
                    calls.add(engine.branchCalls.submit(() -> engine.call(t, b)));
                    due.add(b);
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    // Every branch-call thread is busy: this branch is delivered in a later round.
                    rejected = true;
                    t.recordError(DtmResult.ERROR, "every branch-call thread is busy; branch " + b.branchId
                            + " is delivered in a later round");
                }
            }
        }
        boolean allDone = !rejected;
        for (int i = 0; i < due.size(); i++) {
            try {
                allDone &= engine.applyOutcome(t, due.get(i), calls.get(i).get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("branch call failed unexpectedly", e.getCause());
            }
        }
        return allDone;
    }

    private long delaySeconds() {
        if (t.g.customData == null || t.g.customData.isBlank()) {
            return 0;
        }
        try {
            return MAPPER.readTree(t.g.customData).path("delay").asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
