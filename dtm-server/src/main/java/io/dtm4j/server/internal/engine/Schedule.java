package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.internal.store.TransStore;
import io.dtm4j.client.TransType;
import java.time.Duration;
import java.time.Instant;

/**
 * Timeouts, back-off and leases (spec §7.2, §7.5): when a transaction times out, how long a branch call may take,
 * and when the cron looks at a transaction next. A round holds a lease: its owner token, and a next_cron_time at
 * least the server's retry interval ahead, taken when the round is queued (at creation, or by the status change
 * of a submit or abort, or by the cron) and renewed as calls go on, so that no other instance (or cron pass) picks
 * the transaction up meanwhile. A round that finds its lease taken stops before its next call. When the round
 * ends unfinished, next_cron_time becomes the retry time of spec §7.2.
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

    /** The lease a queued round takes: the server's retry interval, as the cron's own lease. */
    Instant leaseUntil() {
        return now().plus(config.retryInterval());
    }

    /**
     * After a branch call: a success resets the interval (written at most every 1.5 s, or at once when it had
     * grown), an error or FAILURE doubles it (bounded), ONGOING keeps it.
     *
     * @throws ApiException when another round holds the transaction now (this round must stop)
     */
    void afterCall(Trans t, DtmResult result) {
        synchronized (t) {
            long reset = resetInterval(t.opts);
            long interval = t.g.nextCronInterval > 0 ? t.g.nextCronInterval : reset;
            Instant now = now();
            if (result == DtmResult.SUCCESS) {
                boolean grown = interval > Math.max(reset, config.retryInterval().toSeconds());
                t.retryAt = now.plusSeconds(reset);
                if (!grown && now.isBefore(t.lastTouched.plusMillis(1500))) {
                    return;
                }
                interval = reset;
            } else if (result == DtmResult.ERROR || result == DtmResult.FAILURE) {
                interval = Math.min(interval * 2, Limits.MAX_SECONDS);
            }
            write(t, now, interval);
        }
    }

    /** A msg back-check answered ONGOING (spec §6.7): the interval is reset, not grown. */
    void resetAfterOngoing(Trans t) {
        synchronized (t) {
            write(t, now(), resetInterval(t.opts));
        }
    }

    private void write(Trans t, Instant now, long interval) {
        t.g.nextCronInterval = interval;
        t.retryAt = now.plusSeconds(interval);
        Instant lease = now.plus(config.retryInterval());
        renew(t, t.retryAt.isAfter(lease) ? t.retryAt : lease, now);
    }

    private void renew(Trans t, Instant until, Instant now) {
        t.g.nextCronTime = until;
        t.lastTouched = now;
        if (!store.touch(t.g.gid, t.g.status, t.g.owner, until, t.g.nextCronInterval)) {
            throw ApiException.error("gid '" + t.g.gid + "': the round stops, another round holds the transaction"
                    + " now (its lease expired, or its status changed); the holder goes on with it");
        }
    }

    /**
     * Before a call: refuses it when the round has released its lease, counts it in flight (the caller must call
     * {@link #callDone}), and renews the lease when the call could end after it.
     */
    void beforeCall(Trans t) {
        synchronized (t) {
            if (t.g.owner == null || t.g.owner.isEmpty()) {
                // The round ended and released its lease: a call still queued must not be made now.
                throw ApiException.error("gid '" + t.g.gid + "': the round ended and released the transaction;"
                        + " the call is left to the next round");
            }
            // Counted under the monitor endRound reads it with: a released lease and a started call exclude
            // each other.
            t.callsInFlight.incrementAndGet();
            Instant now = now();
            Instant needed = now.plus(requestTimeout(t)).plusSeconds(1);
            if (t.g.nextCronTime != null && t.g.nextCronTime.isBefore(needed)) {
                renew(t, needed.plus(config.retryInterval()), now);
            }
        }
    }

    /** A call counted by {@link #beforeCall} is over (its result applied). */
    void callDone(Trans t) {
        t.callsInFlight.decrementAndGet();
    }

    /**
     * A round ended: an unfinished transaction is due again at its retry time instead of the lease's end, unless
     * a call of the round is still in flight (a concurrent saga's phase deadline passed): the lease, which covers
     * that call, stays.
     */
    void endRound(Trans t) {
        synchronized (t) {
            if (t.retryAt != null && !t.g.isFinished() && t.callsInFlight.get() == 0) {
                // Released: a repeated submit may take it over from now on; the cron takes it at its retry time.
                if (store.lease(t.g.gid, t.g.status, t.g.owner, "", t.retryAt, t.g.nextCronInterval, now())) {
                    t.g.nextCronTime = t.retryAt;
                    t.g.owner = "";
                }
            }
        }
    }
}
