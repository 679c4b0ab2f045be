package io.dtm4j.client.barrier;

import java.sql.Connection;

/**
 * The business work a barrier guards, run on the connection that holds the barrier rows' transaction.
 */
@FunctionalInterface
public interface BarrierWork {

    /**
     * Does the branch's database work. Do not commit, roll back or change auto-commit on the connection.
     *
     * @param connection the connection inside the barrier's transaction
     * @throws Exception to roll the work and the barrier rows back ({@link io.dtm4j.client.DtmFailureException}
     *     for a definite failure)
     */
    void run(Connection connection) throws Exception;
}
