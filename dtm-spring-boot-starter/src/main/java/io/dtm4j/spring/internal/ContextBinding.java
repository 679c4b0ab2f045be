package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import java.util.Optional;

/**
 * The thread-bound state behind {@link io.dtm4j.spring.DtmContext}: the transaction of the running annotated method
 * (or {@code DtmTemplate.tcc} callback) and the branch a request serves. Bound and unbound by the starter only.
 */
public final class ContextBinding {

    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<BranchContext> BRANCH = new ThreadLocal<>();

    private ContextBinding() {
    }

    /** The transaction bound to this thread, or null. */
    public static Bound current() {
        return CURRENT.get();
    }

    /** The branch this thread serves, or null. */
    public static BranchContext branch() {
        return BRANCH.get();
    }

    /** Binds the branch this thread serves; closing it restores the previous binding. */
    public static AutoCloseable bindBranch(BranchContext branch) {
        BranchContext previous = BRANCH.get();
        BRANCH.set(branch);
        return () -> {
            if (previous == null) {
                BRANCH.remove();
            } else {
                BRANCH.set(previous);
            }
        };
    }

    /** Binds a transaction (a Saga, Tcc or Msg) to this thread; closing the scope restores the previous one. */
    public static Scope bind(String gid, Object transaction) {
        Bound previous = CURRENT.get();
        Bound bound = new Bound(gid, transaction);
        CURRENT.set(bound);
        return new Scope(previous, bound);
    }

    /** One binding: the gid, the transaction and a mark for abort. */
    public static final class Bound {
        private final String gid;
        private final Object transaction;
        private volatile String abortReason;

        private Bound(String gid, Object transaction) {
            this.gid = gid;
            this.transaction = transaction;
        }

        public String gid() {
            return gid;
        }

        public Object transaction() {
            return transaction;
        }

        public void markForAbort(String reason) {
            this.abortReason = reason;
        }
    }

    /** The binding of one annotated call; closing it restores the previous one (nested calls). */
    public static final class Scope implements AutoCloseable {
        private final Bound previous;
        private final Bound bound;

        private Scope(Bound previous, Bound bound) {
            this.previous = previous;
            this.bound = bound;
        }

        /** The reason given to {@code DtmContext.markForAbort} during this binding, empty when not marked. */
        public Optional<String> abortReason() {
            return Optional.ofNullable(bound.abortReason);
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
