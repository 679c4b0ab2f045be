package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.Msg;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmTemplate;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code @DtmMsg} path: the method and the message's prepare and barrier row in one Spring transaction, the
 * submit after the commit, and the barrier's answer when the commit's outcome is unknown. A class of its own so
 * that applications without Spring JDBC never load it.
 */
final class MsgInterception {

    private static final Logger log = LoggerFactory.getLogger(MsgInterception.class);

    private final ListableBeanFactory beans;
    private final DtmTemplate dtm;
    private final MsgSupport support;

    MsgInterception(ListableBeanFactory beans, DtmTemplate dtm) {
        this.beans = beans;
        this.dtm = dtm;
        this.support = new MsgSupport(beans.getBeanProvider(JdbcBarrier.class).getIfAvailable(JdbcBarrier::defaults),
                beans.getBean(Environment.class));
    }

    Object invoke(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        Msg msg = dtm.msg().options(d.options(dtm.defaultOptions()));
        String gid = msg.gid();
        String where = "@DtmMsg on " + d.method();
        DataSource dataSource = Beans.one(beans, DataSource.class, d.dataSource(), where, "dataSource");
        TransactionTemplate transaction = new TransactionTemplate(Beans.one(beans, PlatformTransactionManager.class,
                d.transactionManager(), where, "transactionManager"));
        String queryPrepared = support.queryPreparedUrl(d.method());
        DtmAnnotationInterceptor.Outcome[] outcome = new DtmAnnotationInterceptor.Outcome[1];
        try {
            transaction.executeWithoutResult(status -> {
                outcome[0] = DtmAnnotationInterceptor.run(invocation, d, gid, msg);
                if (outcome[0].abortReason() != null) {
                    status.setRollbackOnly();
                    return;
                }
                msg.prepare(queryPrepared);
                support.writeBarrierRow(dataSource, gid);
            });
        } catch (RuntimeException e) {
            if (outcome[0] == null || outcome[0].abortReason() != null) {
                throw e;
            }
            DtmResult committed = support.committed(dataSource, gid);
            log.warn("gid {}: {}: the local transaction ended with {}; the barrier says {}", gid, d.method(),
                    e.toString(), committed);
            if (committed != DtmResult.SUCCESS) {
                throw e;
            }
        }
        if (outcome[0].abortReason() != null) {
            log.info("gid {}: {} rolled back, nothing sent: {}", gid, d.method(), outcome[0].abortReason());
            return outcome[0].rethrow();
        }
        try {
            msg.submit();
        } catch (DtmException e) {
            log.warn("gid {}: {} committed but the submit failed ({}); the server's back-check will deliver it",
                    gid, d.method(), e.getMessage());
        }
        return outcome[0].rethrow();
    }
}
