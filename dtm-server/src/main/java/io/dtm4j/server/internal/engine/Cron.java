package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.GlobalTrans;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cron loop (spec §7.1): lease one due transaction, run its round, repeat; sleep {@code TransCronInterval}
 * minus up to 1 s of jitter when nothing is due. Up to {@code concurrency} leased rounds run at once on the round
 * pool (inline when it is full), so a backlog (the rounds a crash left unfinished, say) drains at full speed
 * instead of one round after the other.
 */
public final class Cron implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Cron.class);

    private final Engine engine;
    private final RoundRunner rounds;
    private final Semaphore inFlight;
    private volatile boolean running = true;

    public Cron(Engine engine, RoundRunner rounds, int concurrency) {
        this.engine = engine;
        this.rounds = rounds;
        this.inFlight = new Semaphore(concurrency);
    }

    /** Leases and processes one due transaction on this thread; returns whether there was one. */
    public boolean runOnce() {
        Optional<Trans> leased = lease();
        leased.ifPresent(rounds::round);
        return leased.isPresent();
    }

    private Optional<Trans> lease() {
        Instant now = engine.now();
        Optional<GlobalTrans> leased = engine.store.leaseOne(now, now.plus(engine.config.retryInterval()),
                Gids.owner());
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        GlobalTrans g = leased.get();
        TransOpts opts = TransOpts.fromStored(g.options).withWaitResult(true);
        return Optional.of(new Trans(g, opts, engine.store.findBranches(g.gid), g.createTime));
    }

    /** Leases one due transaction and hands its round to the round pool; returns whether there was one. */
    private boolean dispatchOnce() throws InterruptedException {
        inFlight.acquire();
        boolean handedOver = false;
        try {
            Optional<Trans> leased = lease();
            if (leased.isEmpty()) {
                return false;
            }
            handedOver = rounds.inBackground(leased.get(), inFlight::release);
            if (!handedOver) {
                rounds.round(leased.get());
            }
            return true;
        } finally {
            if (!handedOver) {
                inFlight.release();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!dispatchOnce()) {
                    long millis = engine.config.transCronInterval().toMillis()
                            - ThreadLocalRandom.current().nextLong(1000);
                    Thread.sleep(Math.max(100, millis));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("cron round failed; continuing", e);
            }
        }
    }

    public void stop() {
        running = false;
    }
}
