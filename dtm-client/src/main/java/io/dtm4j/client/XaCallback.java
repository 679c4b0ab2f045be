package io.dtm4j.client;

/**
 * The initiator's code of an XA global transaction: calls the branches through {@link Xa#callBranch}.
 * Throwing aborts the transaction (every prepared branch is rolled back).
 */
@FunctionalInterface
public interface XaCallback {

    /**
     * Calls the XA branches.
     *
     * @param xa the transaction handle
     * @throws Exception to abort the transaction
     */
    void run(Xa xa) throws Exception;
}
