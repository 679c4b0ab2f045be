package io.dtm4j.spring.internal;

import io.dtm4j.client.TransOptions;
import java.time.Duration;

/**
 * What one annotated method asks for, parsed once: the kind of transaction, option overrides, rollback rules and
 * the index of the parameter that receives the transaction ({@code -1} for none), and for a message the bean names of
 * its DataSource and transaction manager (empty for the only one).
 */
record DtmDefinition(Kind kind, Duration timeoutToFail, Duration retryInterval, Duration requestTimeout,
        int retryLimit, boolean waitResult, boolean concurrent, RollbackRules rules, int transactionParameter,
        String method, String dataSource, String transactionManager) {

    /** The transaction kinds the annotations start. */
    enum Kind {
        SAGA("@DtmSaga"), TCC("@DtmTcc"), MSG("@DtmMsg");

        final String annotation;

        Kind(String annotation) {
            this.annotation = annotation;
        }
    }

    /** The defaults with this method's overrides applied (the defaults themselves when it overrides nothing). */
    TransOptions options(TransOptions defaults) {
        if (timeoutToFail == null && retryInterval == null && requestTimeout == null && retryLimit < 0
                && !waitResult) {
            return defaults;
        }
        TransOptions.Builder b = OptionOverrides.apply(defaults.newBuilder(), timeoutToFail, retryInterval,
                requestTimeout, retryLimit >= 0 ? retryLimit : null);
        if (waitResult) {
            b.waitResult(true);
        }
        return b.build();
    }
}
