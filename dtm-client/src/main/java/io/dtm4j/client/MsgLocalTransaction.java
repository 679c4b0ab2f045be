package io.dtm4j.client;

import io.dtm4j.client.barrier.BarrierWork;
import io.dtm4j.client.barrier.JdbcBarrier;
import javax.sql.DataSource;

/**
 * How the local transaction of a 2-phase message runs and how the client learns that it ended. The client owns
 * the decision that follows ({@link Msg#doAndSubmit(String, MsgLocalWork)}): committed, the message is submitted;
 * rolled back, it is aborted; unknown, the query-prepared endpoint is asked, and without a clear answer the
 * server's own back-check decides later.
 *
 * <p>A strategy calls {@link Ending#prepare()} inside the local transaction, before it commits (before or after
 * the work), and after that exactly one {@link Ending#ended(Outcome, Throwable)}, now or later: a strategy that joins a
 * transaction already in progress reports when that transaction ends. The default, {@link #direct()}, runs
 * the work as it is; the Spring Boot starter supplies one that joins the caller's Spring transaction.
 */
public interface MsgLocalTransaction {

    /**
     * Runs work that manages its own local transaction (typically guarded by the message's barrier).
     *
     * @param barrier the barrier identity of the message ({@code msg}, gid, {@code 00}, {@code msg})
     * @param work the local work
     * @param ending what to call before the commit and once the transaction ended
     * @throws Exception the work's error, after reporting the end
     */
    void execute(BranchContext barrier, MsgLocalWork work, Ending ending) throws Exception;

    /**
     * Runs database work in a transaction on {@code dataSource} that also writes the message's barrier row, so
     * that {@link JdbcBarrier#queryPrepared} can later tell whether it committed. The default uses the barrier's own
     * transaction and, when the outcome is unknown, reads the barrier table itself.
     *
     * @param barrier the barrier identity of the message
     * @param dataSource the local database, with the barrier table
     * @param jdbc the barrier settings to use, or {@code null} for this strategy's own
     * @param work the database work
     * @param ending what to call before the commit and once the transaction ended
     * @throws Exception the work's error, after reporting the end
     */
    default void execute(BranchContext barrier, DataSource dataSource, JdbcBarrier jdbc, BarrierWork work,
            Ending ending) throws Exception {
        JdbcBarrier settings = jdbc != null ? jdbc : JdbcBarrier.defaults();
        ending.prepare();
        try {
            settings.forBranch(barrier).call(dataSource, work);
        } catch (Exception e) {
            Outcome outcome = Msg.isFailure(e) ? Outcome.ROLLED_BACK : committedPerBarrier(settings, dataSource,
                    barrier);
            ending.ended(outcome, e);
            throw e;
        }
        ending.ended(Outcome.COMMITTED, null);
    }

    /**
     * The strategy for work that manages its own transaction: prepare, run the work, then committed when it
     * returned, rolled back when it threw a {@link DtmFailureException} (also as a cause), unknown otherwise.
     *
     * @return the strategy
     */
    static MsgLocalTransaction direct() {
        return (barrier, work, ending) -> {
            ending.prepare();
            try {
                work.run(barrier);
            } catch (Exception e) {
                ending.ended(Msg.isFailure(e) ? Outcome.ROLLED_BACK : Outcome.UNKNOWN, e);
                throw e;
            }
            ending.ended(Outcome.COMMITTED, null);
        };
    }

    /**
     * What the barrier table says about a message's local transaction: committed or rolled back (reading it
     * writes the rollback row when none exists, so a late commit cannot follow), unknown when it cannot be read.
     *
     * @param jdbc the barrier settings
     * @param dataSource the local database
     * @param barrier the barrier identity of the message
     * @return the outcome
     */
    static Outcome committedPerBarrier(JdbcBarrier jdbc, DataSource dataSource, BranchContext barrier) {
        DtmResult result;
        try {
            result = jdbc.queryPrepared(dataSource, barrier.gid());
        } catch (RuntimeException unreadable) {
            return Outcome.UNKNOWN;
        }
        return result == DtmResult.SUCCESS ? Outcome.COMMITTED
                : result == DtmResult.FAILURE ? Outcome.ROLLED_BACK : Outcome.UNKNOWN;
    }

    /** How a local transaction ended. */
    enum Outcome {
        /** It committed: the message is submitted. */
        COMMITTED,
        /** It rolled back: the message is aborted. */
        ROLLED_BACK,
        /** Nobody knows yet: the query-prepared endpoint is asked. */
        UNKNOWN
    }

    /** The client's side of a local transaction: a strategy tells it when to prepare and how it ended. */
    interface Ending {

        /** Prepares the message; called inside the local transaction before it commits (throws if it fails). */
        void prepare();

        /**
         * Reports the end of the local transaction, once, after {@link #prepare()}; the client submits or aborts.
         *
         * @param outcome how it ended
         * @param cause the work's error that ended it, or {@code null}; its message becomes the abort's reason and
         *     a failed submit or abort is attached to it as suppressed
         */
        void ended(Outcome outcome, Throwable cause);
    }
}
