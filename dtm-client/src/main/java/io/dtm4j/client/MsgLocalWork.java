package io.dtm4j.client;

/**
 * The local work of {@link Msg#doAndSubmit(String, MsgLocalWork)}: typically a local database transaction guarded
 * by the barrier of the given context, so that the query-prepared endpoint can later tell whether it committed.
 */
@FunctionalInterface
public interface MsgLocalWork {

    /**
     * Does the local work.
     *
     * @param barrier the barrier identity of the message: {@code trans_type=msg}, the gid, {@code branch_id=00},
     *     {@code op=msg}
     * @throws DtmFailureException when the work failed for good (the message is aborted);
     *     any other exception makes the client ask the query-prepared endpoint whether the work committed
     */
    void run(BranchContext barrier) throws Exception;
}
