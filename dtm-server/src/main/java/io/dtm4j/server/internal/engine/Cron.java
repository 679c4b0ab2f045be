package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.GlobalTrans;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cron loop (spec §7.1): lease one due transaction, run a round inline, repeat; sleep
 * {@code TransCronInterval} minus up to 1 s of jitter when nothing is due.
 */
public final class Cron implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Cron.class);

    private final Engine engine;
    private final RoundRunner rounds;
    private volatile boolean running = true;

    public Cron(Engine engine, RoundRunner rounds) {
        this.engine = engine;
        this.rounds = rounds;
    }

    /** Leases and processes one due transaction; returns whether there was one. */
    public boolean runOnce() {
        Instant now = engine.now();
        Optional<GlobalTrans> leased = engine.store.leaseOne(now, now.plus(engine.config.retryInterval()),
                Gids.owner());
        if (leased.isEmpty()) {
            return false;
        }
        GlobalTrans g = leased.get();
        TransOpts opts = TransOpts.fromStored(g.options).withWaitResult(true);
        rounds.round(new Trans(g, opts, engine.store.findBranches(g.gid), g.createTime));
        return true;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!runOnce()) {
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
