package io.dtm4j.spring.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes barrier rows older than the retention, every interval, in each DataSource that guarded methods use, so
 * the barrier table does not grow for ever. Safe with several instances of the application: each deletes only rows
 * past the retention, in small batches of their own transactions, and the first run of each instance is placed at
 * a random point of the first interval, so instances rarely run together (when they do, they delete the same old
 * rows once, and a lock conflict only postpones the run). Runs on one daemon thread, stopped with the context.
 */
public final class BarrierCleanup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BarrierCleanup.class);

    private final Supplier<List<DataSource>> dataSources;
    private final Barriers barriers;
    private final Duration retention;
    private final Duration interval;
    private final int batchSize;
    private volatile ScheduledExecutorService timer;

    /**
     * Creates the cleanup.
     *
     * @param dataSources the DataSources guarded methods use, asked at each run
     * @param barriers the barrier of each DataSource
     * @param retention how old a row must be to go
     * @param interval time between runs
     * @param batchSize rows per delete
     */
    public BarrierCleanup(Supplier<List<DataSource>> dataSources, Barriers barriers, Duration retention,
            Duration interval, int batchSize) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("dtm.barrier.cleanup.retention must be positive but was " + retention
                    + " (keep rows longer than a transaction can be retried; the default is 7d)");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dtm.barrier.cleanup.interval must be positive but was " + interval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("dtm.barrier.cleanup.batch-size must be at least 1 but was "
                    + batchSize);
        }
        this.dataSources = dataSources;
        this.barriers = barriers;
        this.retention = retention;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /**
     * Deletes what is past the retention in every guarded DataSource now; returns how many rows went. Never throws:
     * a failure is logged and the next run tries again (an exception would stop the schedule for good).
     */
    public long runOnce() {
        long total = 0;
        List<DataSource> all;
        try {
            all = dataSources.get();
        } catch (RuntimeException e) {
            log.warn("barrier cleanup could not list the guarded DataSources, next try in {}: {}", interval,
                    e.toString());
            return 0;
        }
        for (DataSource ds : all) {
            String table = "the barrier table of " + ds;
            try {
                table = barriers.forDataSource(ds).table();
                long deleted = barriers.forDataSource(ds).deleteOlderThan(ds, retention, batchSize);
                total += deleted;
                if (deleted > 0) {
                    log.info("barrier cleanup: deleted {} row(s) older than {} from {}", deleted, retention, table);
                }
            } catch (RuntimeException | Error e) {
                log.warn("barrier cleanup of {} failed, next try in {}: {}", table, interval, e.toString());
            }
        }
        return total;
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dtm-barrier-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        long period = interval.toMillis();
        long first = ThreadLocalRandom.current().nextLong(Math.max(1, period));
        t.scheduleWithFixedDelay(this::runOnce, first, period, TimeUnit.MILLISECONDS);
        timer = t;
        log.info("barrier cleanup: rows older than {} are deleted every {} (dtm.barrier.cleanup.*)", retention,
                interval);
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
