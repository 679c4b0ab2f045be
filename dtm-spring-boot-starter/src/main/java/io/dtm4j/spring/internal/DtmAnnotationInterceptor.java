package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmTransactionException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransType;
import io.dtm4j.client.Saga;
import io.dtm4j.client.TransOptions;
import io.dtm4j.spring.DtmTemplate;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an annotated method inside its DTM transaction through {@link DtmTemplate}: a saga is created before and
 * submitted after a normal return; a TCC transaction is prepared before, submitted after a normal return and
 * aborted (with the error as reason) after an exception; a message's local work runs in a Spring transaction that
 * also prepares it and writes its barrier row, and it is submitted after the commit. The transaction goes into the
 * method's parameter and {@link io.dtm4j.spring.DtmContext}.
 */
final class DtmAnnotationInterceptor implements MethodInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DtmAnnotationInterceptor.class);

    private final DtmDefinitionSource source;
    private final Supplier<DtmTemplate> template;
    private final ListableBeanFactory beans;
    /** Created on the first {@code @DtmMsg} call, so applications without Spring JDBC never load it. */
    private volatile MsgInterception msgs;

    DtmAnnotationInterceptor(DtmDefinitionSource source, ListableBeanFactory beans) {
        this.source = source;
        this.beans = beans;
        this.template = () -> beans.getBean(DtmTemplate.class);
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Class<?> target = invocation.getThis() == null ? null : AopUtils.getTargetClass(invocation.getThis());
        DtmDefinition d = source.find(invocation.getMethod(), target).orElse(null);
        if (d == null) {
            return invocation.proceed();
        }
        return switch (d.kind()) {
            case SAGA -> saga(invocation, d);
            case TCC -> tcc(invocation, d);
            case MSG -> msg(invocation, d);
        };
    }

    private Object msg(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        MsgInterception m = msgs;
        if (m == null) {
            m = new MsgInterception(beans, template.get());
            msgs = m;
        }
        return m.invoke(invocation, d);
    }

    private Object saga(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        DtmTemplate dtm = template.get();
        Saga saga = dtm.saga().options(d.options(dtm.defaultOptions()));
        if (d.concurrent()) {
            saga.concurrent();
        }
        Outcome outcome = run(invocation, d, saga.gid(), saga);
        if (outcome.abortReason != null) {
            log.info("gid {}: {} not submitted: {}", saga.gid(), d.method(), outcome.abortReason);
            return outcome.rethrow();
        }
        saga.submit();
        return outcome.rethrow();
    }

    private Object tcc(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        DtmTemplate dtm = template.get();
        String gid = dtm.client().newGid();
        TransOptions options = d.options(dtm.defaultOptions());
        Outcome[] outcome = new Outcome[1];
        try {
            dtm.tcc(gid, options, tcc -> {
                outcome[0] = run(invocation, d, gid, tcc);
                if (outcome[0].abortReason != null) {
                    throw new MarkedAbort(outcome[0].abortReason);
                }
            });
        } catch (RuntimeException e) {
            if (outcome[0] == null || outcome[0].abortReason == null) {
                throw e;
            }
            log.info("gid {}: {} aborted: {}", gid, d.method(), outcome[0].abortReason);
            if (isBranchFailure(outcome[0].error)) {
                // A try failed (through the client or a Feign client): the transaction failed; say so, chained.
                // The runner attached the abort's own error to what it threw when the abort failed.
                Throwable abortError = e.getSuppressed().length > 0 ? e.getSuppressed()[0] : null;
                throw DtmTransactionFailedException.aborted(TransType.TCC, gid, (DtmException) outcome[0].error,
                        abortError);
            }
        }
        return outcome[0].rethrow();
    }

    /** Runs the method with the transaction bound; records its result, its error and whether to abort. */
    static Outcome run(MethodInvocation invocation, DtmDefinition d, String gid, Object transaction) {
        if (d.transactionParameter() >= 0) {
            invocation.getArguments()[d.transactionParameter()] = transaction;
        }
        try (ContextBinding.Scope scope = ContextBinding.bind(gid, transaction)) {
            Object result;
            try {
                result = invocation.proceed();
            } catch (Throwable error) {
                String reason = d.rules().abortsOn(error) ? reason(error) : null;
                return new Outcome(null, error, scope.abortReason().orElse(reason));
            }
            return new Outcome(result, null, scope.abortReason().orElse(null));
        }
    }

    /** A branch call's error (it names its gid and branch), as opposed to an error of the method's own code. */
    private static boolean isBranchFailure(Throwable error) {
        return error instanceof DtmException e && !(error instanceof DtmTransactionException) && e.gid() != null
                && e.branchId() != null;
    }

    /** As the client does: a failed branch's answer body, else the message, else the exception's class. */
    private static String reason(Throwable error) {
        if (error instanceof DtmException e && e.body() != null && !e.body().isBlank()) {
            return e.body();
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName() : message;
    }

    /** The method's result or error, and the reason to abort (null to commit). */
    record Outcome(Object result, Throwable error, String abortReason) {
        Object rethrow() throws Throwable {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    /** Carries a mark-for-abort or an aborting exception through the client's TCC runner, which aborts. */
    private static final class MarkedAbort extends DtmException {
        private static final long serialVersionUID = 1L;

        MarkedAbort(String reason) {
            super(reason);
        }
    }
}
