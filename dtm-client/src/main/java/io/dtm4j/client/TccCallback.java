package io.dtm4j.client;

/**
 * The initiator's code of a TCC global transaction: calls the tries through {@link Tcc#callBranch}.
 * Throwing aborts the transaction (every registered branch is cancelled).
 */
@FunctionalInterface
public interface TccCallback {

    /**
     * Calls the tries.
     *
     * @param tcc the transaction handle
     * @throws Exception to abort the transaction
     */
    void run(Tcc tcc) throws Exception;
}
