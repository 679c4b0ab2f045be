package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.MsgLocalTransaction;
import io.dtm4j.client.MsgLocalWork;
import io.dtm4j.client.barrier.BarrierWork;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The local transaction of a 2-phase message in a Spring application: the work runs in a Spring transaction (the
 * caller's, or a new one, as {@code REQUIRED}); then, still inside it, the message is prepared and its barrier row
 * written in the configured table ({@code dtm.barrier.table}); a synchronization reports when that transaction
 * ends, whoever ends it: committed, rolled back, or unknown and then read from the barrier table. Without any
 * DataSource in the application, work that manages its own transaction runs as it is.
 */
public final class SpringMsgTransaction implements MsgLocalTransaction {

    private final ListableBeanFactory beans;
    private final Barriers barriers;
    private final String dataSource;
    private final String transactionManager;
    private final String where;
    private final boolean directWithoutDataSource;

    /**
     * The strategy of {@code DtmTemplate.msg()}: the primary DataSource and its transaction manager.
     *
     * @param beans the application's beans
     * @param barriers the application's barriers
     */
    public SpringMsgTransaction(ListableBeanFactory beans, Barriers barriers) {
        this(beans, barriers, "", "", "DtmTemplate.msg().doAndSubmit", true);
    }

    SpringMsgTransaction(ListableBeanFactory beans, Barriers barriers, String dataSource, String transactionManager,
            String where, boolean directWithoutDataSource) {
        this.directWithoutDataSource = directWithoutDataSource;
        this.beans = beans;
        this.barriers = barriers;
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.where = where;
    }

    @Override
    public void execute(BranchContext barrier, MsgLocalWork work, Ending ending) throws Exception {
        if (directWithoutDataSource && dataSource.isEmpty()
                && beans.getBeanNamesForType(DataSource.class).length == 0) {
            MsgLocalTransaction.direct().execute(barrier, work, ending);
            return;
        }
        DataSource db = Beans.one(beans, DataSource.class, dataSource, where, "dataSource");
        run(db, null, barrier, () -> work.run(barrier), ending);
    }

    @Override
    public void execute(BranchContext barrier, DataSource db, JdbcBarrier jdbc, BarrierWork work, Ending ending)
            throws Exception {
        run(db, jdbc, barrier, () -> {
            Connection connection = DataSourceUtils.getConnection(db);
            try {
                work.run(connection);
            } finally {
                DataSourceUtils.releaseConnection(connection, db);
            }
        }, ending);
    }

    private void run(DataSource db, JdbcBarrier jdbc, BranchContext barrier, Work body, Ending ending)
            throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(barriers.managerFor(db, transactionManager,
                where));
        JdbcBarrier settings = jdbc != null ? jdbc : barriers.forDataSource(db);
        try {
            transaction.executeWithoutResult(status -> {
                try {
                    body.run();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedWorkError(e);
                }
                ending.prepare();
                TransactionSynchronizationManager.registerSynchronization(new Report(db, settings, barrier,
                        ending));
                barriers.callInTransaction(db, settings.forBranch(barrier), () -> null, where + " (gid '"
                        + barrier.gid() + "')");
            });
        } catch (CheckedWorkError e) {
            throw (Exception) e.getCause();
        }
    }

    /** The work, with its checked exceptions. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Carries a checked exception of the work out of the transaction callback, which rolls back on it. */
    private static final class CheckedWorkError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckedWorkError(Exception cause) {
            super(cause);
        }
    }

    /** Reports how the local transaction ended. */
    private static final class Report implements TransactionSynchronization {
        private final DataSource db;
        private final JdbcBarrier settings;
        private final BranchContext barrier;
        private final Ending ending;

        Report(DataSource db, JdbcBarrier settings, BranchContext barrier, Ending ending) {
            this.db = db;
            this.settings = settings;
            this.barrier = barrier;
            this.ending = ending;
        }

        @Override
        public void afterCommit() {
            ending.ended(Outcome.COMMITTED, null);
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_ROLLED_BACK) {
                ending.ended(Outcome.ROLLED_BACK, null);
            } else if (status == STATUS_UNKNOWN) {
                ending.ended(MsgLocalTransaction.committedPerBarrier(settings, db, barrier), null);
            }
        }
    }
}
