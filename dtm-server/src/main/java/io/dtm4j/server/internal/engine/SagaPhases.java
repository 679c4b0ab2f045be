package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import io.dtm4j.server.internal.store.BranchTrans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Runs one phase of a saga round (spec §6.3): the steps a picker allows, in parallel on the branch-call threads,
 * or on the round thread when one call is all there is to make; results handled one at a time.
 */
final class SagaPhases {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SagaPhases.class);

    private final Engine engine;
    private final Trans t;
    private final int steps;

    SagaPhases(Engine engine, Trans t, int steps) {
        this.engine = engine;
        this.t = t;
        this.steps = steps;
    }

    /** What a phase does with one call's outcome; {@code true} means "call this step again now". */
    interface ResultHandler {
        boolean handle(int step, BranchInvoker.Outcome outcome);
    }

    /**
     * One phase of spec §6.3: starts, in parallel, every step the picker allows and waits for one result at a
     * time, until nothing is in flight, the round's deadline ({@code RequestTimeout + 2 s}) passes, or
     * {@code keepGoing} turns false. Returns the steps started.
     */
    Set<Integer> run(IntPredicate pickable, IntFunction<BranchTrans> row, boolean lastFirst,
            BooleanSupplier keepGoing, ResultHandler onResult) throws InterruptedException {
        Instant deadline = engine.now().plus(engine.config.requestTimeout()).plusSeconds(2);
        CompletionService<Step> done = new ExecutorCompletionService<>(engine.branchCalls);
        Set<Integer> started = new HashSet<>();
        int inFlight = 0;
        List<Integer> due = new ArrayList<>();
        while (keepGoing.getAsBoolean() && (inFlight > 0 || engine.now().isBefore(deadline))) {
            due.clear();
            for (int k = 0; k < steps; k++) {
                int step = lastFirst ? steps - 1 - k : k;
                if (!started.contains(step) && pickable.test(step)) {
                    started.add(step);
                    due.add(step);
                }
            }
            if (inFlight == 0 && due.size() == 1) {
                // One call and nothing else in flight (every sequential saga): made on this thread.
                int step = due.get(0);
                if (onResult.handle(step, engine.call(t, row.apply(step)))) {
                    started.remove(step);
                }
                continue;
            }
            for (int step : due) {
                try {
                    done.submit(() -> new Step(step, engine.call(t, row.apply(step))));
                    inFlight++;
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    // Every branch-call thread is busy: this step waits for the next round.
                    started.remove(step);
                    t.recordError(DtmResult.ERROR, "every branch-call thread is busy; step " + (step + 1)
                            + " is called in a later round");
                }
            }
            if (inFlight == 0 || !engine.now().isBefore(deadline)) {
                break;
            }
            Future<Step> next = done.poll(3, TimeUnit.SECONDS);
            if (next == null) {
                continue;
            }
            inFlight--;
            Step result = get(next);
            if (onResult.handle(result.step, result.outcome)) {
                started.remove(result.step);
            }
        }
        if (inFlight > 0) {
            int remaining = inFlight;
            try {
                engine.branchCalls.execute(() -> recordLate(done, remaining, row));
            } catch (java.util.concurrent.RejectedExecutionException busy) {
                // No thread to wait for the late results: their calls are repeated by a later round.
                log.info("gid {}: {} late branch result(s) not awaited, every branch-call thread is busy", t.g.gid,
                        remaining);
            }
        }
        return started;
    }

    /**
     * Calls still in flight when a phase stops (another step failed) are not waited for, as in the official
     * server; their results are still written when they arrive, as the official server's branch goroutines do.
     */
    private void recordLate(CompletionService<Step> done, int remaining, IntFunction<BranchTrans> row) {
        long waitMillis = engine.config.requestTimeout().plusSeconds(2).toMillis();
        try {
            for (int i = 0; i < remaining; i++) {
                Future<Step> next = done.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (next == null) {
                    return;
                }
                Step late = get(next);
                engine.applyOutcome(t, row.apply(late.step), late.outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("gid {}: a late branch result was not written: {}", t.g.gid, e.getMessage());
        }
    }

    private static Step get(Future<Step> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("branch call failed unexpectedly", e.getCause());
        }
    }

    private record Step(int step, BranchInvoker.Outcome outcome) {
    }
}
