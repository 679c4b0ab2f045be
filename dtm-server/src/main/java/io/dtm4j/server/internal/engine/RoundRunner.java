package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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

    public RoundRunner(Engine engine, ExecutorService background) {
        this.engine = engine;
        this.background = background;
    }

    /** Adds a listener told the gid after every round (a test hook). */
    public void onRoundProcessed(Consumer<String> listener) {
        listeners.add(listener);
    }

    void process(Trans t, boolean waitResult, boolean submit) {
        if (!waitResult) {
            background.execute(() -> round(t));
            return;
        }
        round(t);
        if (t.storeError != null) {
            throw ApiException.error(t.storeError);
        }
        if ("succeed".equals(t.g.status)) {
            return;
        }
        String reason = t.g.rollbackReason == null || t.g.rollbackReason.isEmpty()
                ? "wait result not return success" : t.g.rollbackReason;
        if (t.lastError == DtmResult.ONGOING) {
            if ("tcc".equals(t.g.transType) || "xa".equals(t.g.transType) || !submit) {
                throw ApiException.ongoing("ONGOING");
            }
            throw ApiException.failure(reason);
        }
        if (t.lastError == DtmResult.ERROR && !"saga".equals(t.g.transType)) {
            throw ApiException.error("your http/grpc result should be specified as in:"
                    + " https://dtm.pub/practice/arch.html#proto unkown result will be retried: "
                    + t.lastErrorMessage);
        }
        if (submit) {
            throw ApiException.failure(reason);
        }
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
                case "saga" -> new SagaRound(engine, t).run();
                case "msg" -> new MsgRound(engine, t).run();
                case "tcc", "xa" -> new TccXaRound(engine, t).run();
                case "workflow" -> new WorkflowRound(engine, t).run();
                default -> log.warn("gid {}: no processor for trans_type '{}'", t.g.gid, t.g.transType);
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
            engine.metrics.round(t.g.transType, t.storeError == null && t.lastError == null,
                    java.time.Duration.between(t.g.createTime, engine.now()).toMillis() / 1000.0);
            for (Consumer<String> listener : listeners) {
                listener.accept(t.g.gid);
            }
        }
    }
}
