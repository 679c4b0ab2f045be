package io.dtm4j.server.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a warning the first time a key (a gid/branch/op, say) reports it, then at most once a minute per key, so an
 * endpoint that fails for ever is visible without flooding the log. Remembers at most 10,000 keys.
 */
public final class RateLimitedLog {

    private static final long PERIOD_NANOS = 60_000_000_000L;
    private static final int MAX_KEYS = 10_000;

    private final Logger log;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log) {
        this.log = log;
    }

    /** Logs at WARN unless this key logged within the last minute. */
    public void warn(String key, String format, Object... args) {
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (last != null && now - last < PERIOD_NANOS) {
            return;
        }
        if (lastLogged.size() >= MAX_KEYS) {
            lastLogged.clear();
        }
        lastLogged.put(key, now);
        log.warn(format, args);
    }

    /** Forgets a key (its branch succeeded), so that its next failure is logged at once. */
    public void forget(String key) {
        lastLogged.remove(key);
    }
}
