package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.Msg;
import io.dtm4j.client.TransRequest;
import io.dtm4j.client.TransType;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.autoconfigure.DtmProperties;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code @DtmMsg} path. The method runs in a Spring transaction (the caller's, or one started with REQUIRED);
 * then, still inside it, the message is prepared and its barrier row written; a synchronization acts when that
 * transaction ends, whoever ends it: committed, submit; rolled back, abort; unknown, the barrier table decides. A
 * class of its own so that applications without Spring JDBC never load it.
 */
final class MsgInterception {

    private static final Logger log = LoggerFactory.getLogger(MsgInterception.class);

    private final ListableBeanFactory beans;
    private final DtmTemplate dtm;
    private final MsgSupport support;
    private final Barriers barriers;

    MsgInterception(ListableBeanFactory beans, DtmTemplate dtm) {
        this.beans = beans;
        this.dtm = dtm;
        this.barriers = Barriers.of(beans);
        this.support = new MsgSupport(barriers, beans.getBeanProvider(DtmSelfUrl.class).getIfAvailable(
                () -> new DtmSelfUrl(beans.getBean(Environment.class))), beans.getBean(DtmProperties.class).getMsg());
    }

    Object invoke(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        Msg msg = dtm.msg().options(d.options(dtm.defaultOptions()));
        String gid = msg.gid();
        String where = "@DtmMsg on " + d.method();
        DataSource dataSource = Beans.one(beans, DataSource.class, d.dataSource(), where, "dataSource");
        TransactionTemplate transaction = new TransactionTemplate(barriers.managerFor(dataSource,
                d.transactionManager(), where));
        String queryPrepared = support.queryPreparedUrl(d.method(), d.dataSource());
        DtmAnnotationInterceptor.Outcome[] outcome = new DtmAnnotationInterceptor.Outcome[1];
        transaction.executeWithoutResult(status -> {
            outcome[0] = DtmAnnotationInterceptor.run(invocation, d, gid, msg);
            if (outcome[0].abortReason() != null) {
                status.setRollbackOnly();
                log.info("gid {}: {} rolls back, nothing sent: {}", gid, d.method(), outcome[0].abortReason());
                return;
            }
            msg.prepare(queryPrepared);
            TransactionSynchronizationManager.registerSynchronization(new AfterLocalTransaction(msg, dataSource,
                    d));
            support.writeBarrierRow(dataSource, gid);
        });
        return outcome[0].rethrow();
    }

    /** Submits, aborts or asks the barrier when the local transaction ends. */
    private final class AfterLocalTransaction implements TransactionSynchronization {
        private final Msg msg;
        private final DataSource dataSource;
        private final DtmDefinition d;

        AfterLocalTransaction(Msg msg, DataSource dataSource, DtmDefinition d) {
            this.msg = msg;
            this.dataSource = dataSource;
            this.d = d;
        }

        @Override
        public void afterCommit() {
            submit();
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_ROLLED_BACK) {
                abort("the local transaction rolled back");
            } else if (status == STATUS_UNKNOWN) {
                DtmResult committed;
                try {
                    committed = support.committed(dataSource, msg.gid());
                } catch (RuntimeException e) {
                    log.warn("gid {}: {}: the commit's outcome is unknown and the barrier cannot be read ({}); the"
                            + " server's back-check will decide", msg.gid(), d.method(), e.getMessage());
                    return;
                }
                if (committed == DtmResult.SUCCESS) {
                    submit();
                } else if (committed == DtmResult.FAILURE) {
                    abort("the local transaction did not commit");
                }
            }
        }

        /**
         * Submits. A submit that never reached the server is only logged: the back-check delivers the message; with
         * {@code waitResult}, an answer of the server that reports a failed delivery reaches the caller.
         */
        private void submit() {
            try {
                msg.submit();
            } catch (DtmException e) {
                if (msg.options().waitResult() && e.httpStatus() != DtmException.NO_STATUS) {
                    throw e;
                }
                log.warn("gid {}: {} committed but the submit failed ({}); the server's back-check will deliver"
                        + " it", msg.gid(), d.method(), e.getMessage());
            }
        }

        private void abort(String reason) {
            try {
                dtm.client().abort(TransRequest.builder(msg.gid(), TransType.MSG).rollbackReason(reason).build());
            } catch (DtmException e) {
                log.warn("gid {}: {}: {}, and the abort failed ({}); the server's back-check will fail it",
                        msg.gid(), d.method(), reason, e.getMessage());
            }
        }
    }
}
