package io.dtm4j.spring.internal;

import java.util.List;

/**
 * Whether an exception from an annotated method aborts its DTM transaction: the closest {@code rollbackFor} or
 * {@code noRollbackFor} class in the exception's hierarchy decides; with no match, every exception aborts.
 */
record RollbackRules(List<Class<? extends Throwable>> rollbackFor, List<Class<? extends Throwable>> noRollbackFor) {

    static final RollbackRules ALWAYS = new RollbackRules(List.of(), List.of());

    boolean abortsOn(Throwable error) {
        int best = Integer.MAX_VALUE;
        boolean abort = true;
        for (Class<? extends Throwable> type : rollbackFor) {
            int d = depth(error.getClass(), type);
            if (d >= 0 && d < best) {
                best = d;
                abort = true;
            }
        }
        for (Class<? extends Throwable> type : noRollbackFor) {
            int d = depth(error.getClass(), type);
            if (d >= 0 && d < best) {
                best = d;
                abort = false;
            }
        }
        return abort;
    }

    private static int depth(Class<?> thrown, Class<?> rule) {
        int d = 0;
        for (Class<?> c = thrown; c != null; c = c.getSuperclass()) {
            if (c == rule) {
                return d;
            }
            d++;
        }
        return -1;
    }
}
