package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.spring.DtmContext;
import java.util.Optional;

/**
 * The branch a handler runs for: a {@link BranchContext} argument, else the branch bound to the thread for the
 * current request ({@link DtmContext#branch()}, bound by the starter's Spring MVC support).
 */
final class BranchContexts {

    private BranchContexts() {
    }

    static Optional<BranchContext> current(Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof BranchContext ctx) {
                return Optional.of(ctx);
            }
        }
        return DtmContext.branch();
    }
}
