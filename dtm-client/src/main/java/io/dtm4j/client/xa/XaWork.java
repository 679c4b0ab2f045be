package io.dtm4j.client.xa;

import java.sql.Connection;

/**
 * The local work of an XA branch, run on the connection that holds the XA transaction.
 */
@FunctionalInterface
public interface XaWork {

    /**
     * Does the branch's database work. Do not commit, roll back or change auto-commit on the connection.
     *
     * @param connection the connection inside the XA transaction
     * @throws Exception to roll the branch back ({@link io.dtm4j.client.DtmFailureException} for a definite
     *     failure, which makes the initiator abort)
     */
    void run(Connection connection) throws Exception;
}
