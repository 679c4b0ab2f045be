package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.client.DtmResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processing rounds (spec §6.2): in the background for a plain submit, inline for {@code wait_result} and
 * for the cron, and turns an inline round's outcome into the API answer of spec §6.8.
 */
public final class RoundRunner {

    private static final Logger log = LoggerFactory.getLogger(RoundRunner.class);

    private final Engine engine;
    private final ExecutorService background;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final RateLimitedLog busy = new RateLimitedLog(log);
    /** Set while a round thread serves an API call: rounds it starts run on that thread (see {@link #serve}). */
    private static final ThreadLocal<List<Runnable>> SERVING = new ThreadLocal<>();

    public RoundRunner(Engine engine, ExecutorService background) {
        this.engine = engine;
        this.background = background;
    }

    /** Adds a listener told the gid after every round (a test hook). */
    public void onRoundProcessed(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Serves an API call that starts a round ({@code submit}, {@code abort}) on a round thread, so that its round
     * runs on the same thread: a {@code wait_result} round inline before the answer, any other round right after
     * the answer has been handed back. No thread hand-off between storing a transaction and processing it.
     *
     * @param call the API call
     * @param <T> the answer's type
     * @return its answer
     * @throws RejectedExecutionException when every round thread is busy and the queue is full (nothing was done)
     */
    public <T> CompletableFuture<T> serve(java.util.function.Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        background.execute(() -> {
            List<Runnable> after = new java.util.ArrayList<>(1);
            SERVING.set(after);
            try {
                call.get().whenComplete((value, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(value);
                    }
                });
            } catch (RuntimeException | Error e) {
                // An Error too: the connection waits for this answer and must not wait for ever.
                answer.completeExceptionally(e);
            } finally {
                SERVING.remove();
            }
            after.forEach(Runnable::run);
        });
        return answer;
    }

    /**
     * Runs a round on a round thread. Without {@code wait_result} the answer does not wait for it; with it, the
     * answer completes when the round ends (spec §6.8), and no API thread waits meanwhile. When every round thread
     * is busy and the queue is full, the transaction stays stored for the cron: a plain submit is answered
     * SUCCESS, a {@code wait_result} one ONGOING (not finished yet).
     */
    CompletableFuture<Void> process(Trans t, boolean waitResult, boolean submit) {
        List<Runnable> after = SERVING.get();
        if (after != null) {
            if (!waitResult) {
                after.add(() -> round(t));
                return CompletableFuture.completedFuture(null);
            }
            round(t);
            answer(t, submit);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        java.time.Instant stale = engine.now().plus(engine.config.retryInterval());
        try {
            background.execute(() -> {
                try {
                    if (!waitResult && !engine.now().isBefore(stale)) {
                        // Queued for a whole lease period: the cron may hold it by now, and runs it itself.
                        return;
                    }
                    round(t);
                    if (waitResult) {
                        answer(t, submit);
                    }
                    answer.complete(null);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            busy.warn("round-queue-full", "all round threads are busy and the round queue is full; gid {} is"
                    + " stored and left to the cron (raise roundThreads / roundQueue if this persists)", t.g.gid);
            if (waitResult) {
                answer.completeExceptionally(ApiException.ongoing("gid '" + t.g.gid + "' is stored, but every"
                        + " round thread is busy: the cron will process it within " + engine.resetInterval(t.opts)
                        + " s (query the gid for its outcome)"));
            } else {
                answer.complete(null);
            }
            return answer;
        }
        return waitResult ? answer : CompletableFuture.completedFuture(null);
    }

    /**
     * Runs a leased transaction's round on a round thread, then {@code after}.
     *
     * @return {@code false} when every round thread is busy and the queue is full (nothing was done)
     */
    boolean inBackground(Trans t, Runnable after) {
        try {
            background.execute(() -> {
                try {
                    round(t);
                } finally {
                    after.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Turns an inline round's outcome into the API answer of spec §6.8. */
    private void answer(Trans t, boolean submit) {
        if (t.storeError != null) {
            throw ApiException.error(t.storeError);
        }
        if (t.g.status == TransStatus.SUCCEED) {
            return;
        }
        String reason = t.g.rollbackReason == null || t.g.rollbackReason.isEmpty()
                ? "wait result not return success" + lastAnswer(t) : t.g.rollbackReason;
        if (t.lastError == DtmResult.ONGOING) {
            if (t.g.transType == TransType.TCC || t.g.transType == TransType.XA || !submit) {
                throw ApiException.ongoing("ONGOING");
            }
            throw ApiException.failure(reason);
        }
        if ((t.lastError == DtmResult.ERROR || t.lastError == DtmResult.FAILURE) && t.g.transType != TransType.SAGA) {
            // A FAILURE answer is not final here (spec §4.5) but the official server still answers it with 409.
            String message = "your http/grpc result should be specified as in:"
                    + " https://dtm.pub/practice/arch.html#proto unkown result will be retried: " + t.lastErrorMessage;
            throw t.lastError == DtmResult.FAILURE ? ApiException.failure(message) : ApiException.error(message);
        }
        if (submit) {
            throw ApiException.failure(reason);
        }
    }

    /**
     * The round's last failed branch answer, after the official text, so a client can say what is retried. The word
     * ONGOING is written in lower case: DTM's clients read it anywhere in a body as "not finished", and this 409 must
     * keep meaning what the official server's does.
     */
    private static String lastAnswer(Trans t) {
        if (t.lastError == null || t.lastErrorMessage == null || t.lastErrorMessage.isEmpty()) {
            return "";
        }
        // Without URL queries (they may carry credentials) and cut short: it goes back to the initiator.
        String detail = (t.lastErrorStatus > 0 ? "HTTP " + t.lastErrorStatus + ", " : "")
                + t.lastErrorMessage.replaceAll("\\?[^\\s]*", "");
        if (detail.length() > 500) {
            detail = detail.substring(0, 500) + "...";
        }
        return " (last branch answer: " + detail.replace("ONGOING", "ongoing") + ")";
    }

    private void saveBranches(Trans t) {
        try {
            engine.endRound(t);
        } catch (RuntimeException e) {
            log.info("gid {}: branch results of the round not saved: {}", t.g.gid, e.getMessage());
            if (t.storeError == null) {
                t.storeError = e.getMessage();
            }
        }
    }

    /** One round, whatever its outcome; the cron and background submits use this directly. */
    void round(Trans t) {
        t.lastTouched = engine.now();
        try {
            switch (t.g.transType) {
                case SAGA -> new SagaRound(engine, t).run();
                case MSG -> new MsgRound(engine, t).run();
                case TCC, XA -> new TccXaRound(engine, t).run();
                case WORKFLOW -> new WorkflowRound(engine, t).run();
                default -> throw new IllegalStateException("no round for trans_type " + t.g.transType);
            }
        } catch (ApiException e) {
            t.storeError = e.getMessage();
            log.info("gid {}: round ended: {}", t.g.gid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            t.recordError(DtmResult.ERROR, e.toString());
            log.error("gid {}: round failed", t.g.gid, e);
        } finally {
            saveBranches(t);
            engine.metrics.round(t.g.transType.wireName(), t.storeError == null && t.lastError == null,
                    java.time.Duration.between(t.g.createTime, engine.now()).toMillis() / 1000.0);
            for (Consumer<String> listener : listeners) {
                listener.accept(t.g.gid);
            }
        }
    }
}
