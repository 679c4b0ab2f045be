package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.internal.store.TransStore;
import io.dtm4j.client.TransType;
import java.time.Duration;
import java.time.Instant;

/**
 * Timeouts and back-off (spec §7.2, §7.5): when a transaction times out, how long a branch call may take, and
 * when the cron looks at a transaction next after each call. Moves {@code next_cron_time} only while the round
 * still owns the transaction (its lease token).
 */
final class Schedule {

    private final TransStore store;
    private final DtmServerConfig config;

    Schedule(TransStore store, DtmServerConfig config) {
        this.store = store;
        this.config = config;
    }

    Instant now() {
        return config.clock().instant();
    }

    /** The reset interval of spec §7.2, in seconds. */
    long resetInterval(TransOpts opts) {
        long server = config.retryInterval().toSeconds();
        if (opts.retryInterval() > 0) {
            return opts.retryInterval();
        }
        if (opts.timeoutToFail() > 0 && opts.timeoutToFail() < server) {
            return opts.timeoutToFail();
        }
        return server;
    }

    /** Spec §7.5: a saga with no timeout never times out; other modes default to the server's. */
    boolean timedOut(Trans t) {
        long timeout = t.opts.timeoutToFail();
        if (timeout == 0) {
            if (t.g.transType == TransType.SAGA) {
                return false;
            }
            timeout = config.timeoutToFail().toSeconds();
        }
        return !now().isBefore(t.createTime.plusSeconds(timeout));
    }

    /** How long one branch call of this transaction may take. */
    Duration requestTimeout(Trans t) {
        return t.opts.requestTimeout() > 0 ? Duration.ofSeconds(t.opts.requestTimeout()) : config.requestTimeout();
    }

    /**
     * After a branch call: a success resets the interval (at most every 1.5 s, or at once when it had grown), an
     * error or FAILURE doubles it (bounded), ONGOING keeps it.
     */
    void afterCall(Trans t, DtmResult result) {
        synchronized (t) {
            long reset = resetInterval(t.opts);
            long interval = t.g.nextCronInterval > 0 ? t.g.nextCronInterval : reset;
            Instant now = now();
            if (result == DtmResult.SUCCESS) {
                boolean grown = interval > Math.max(reset, config.retryInterval().toSeconds());
                if (!grown && now.isBefore(t.lastTouched.plusMillis(1500))) {
                    return;
                }
                interval = reset;
            } else if (result == DtmResult.ERROR || result == DtmResult.FAILURE) {
                interval = Math.min(interval * 2, Limits.MAX_SECONDS);
            }
            t.g.nextCronInterval = interval;
            t.g.nextCronTime = now.plusSeconds(interval);
            t.lastTouched = now;
            store.touch(t.g.gid, t.g.status, t.g.owner, t.g.nextCronTime, interval);
        }
    }

    /** A msg back-check answered ONGOING (spec §6.7): the interval is reset, not grown. */
    void resetAfterOngoing(Trans t) {
        synchronized (t) {
            long reset = resetInterval(t.opts);
            t.g.nextCronInterval = reset;
            t.g.nextCronTime = now().plusSeconds(reset);
            store.touch(t.g.gid, t.g.status, t.g.owner, t.g.nextCronTime, reset);
        }
    }
}
