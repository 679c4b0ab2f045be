package io.dtm4j.client;

/**
 * The global transaction failed: it was rolled back ({@code failed}) or is being rolled back ({@code aborting}, the
 * server runs the compensations, cancels or rollbacks; or {@code prepared} when the abort could not be sent and the
 * server rolls it back at its timeout). It will not succeed. {@link #reason()} and
 * {@link #branchId()} say which branch failed and why.
 */
public class DtmTransactionFailedException extends DtmTransactionException {

    /**
     * Creates the exception; dtm4j does.
     *
     * @param message what is true, with the remedy
     * @param cause the original error
     * @param gid the gid
     * @param transType the mode
     * @param status {@link TransStatus#FAILED} or {@link TransStatus#ABORTING}
     * @param branchId the branch that failed, or {@code null}
     * @param op that branch's op, or {@code null}
     * @param branchUrl that branch's URL, or {@code null}
     * @param reason the branch's answer or the rollback reason, or {@code null}
     */
    public DtmTransactionFailedException(String message, Throwable cause, String gid, TransType transType,
            TransStatus status, String branchId, String op, String branchUrl, String reason) {
        super(message, cause, gid, transType, status, branchId, op, branchUrl, reason);
    }

    /**
     * The exception for a transaction aborted because one of its branch calls failed (a TCC try, an XA action):
     * status {@code aborting}, the branch, op and answer of the failed call, which is chained.
     *
     * @param transType the mode
     * @param gid the gid
     * @param branchError the failed call's exception (it names its branch)
     * @return the exception
     */
    public static DtmTransactionFailedException aborted(TransType transType, String gid, DtmException branchError) {
        return aborted(transType, gid, branchError, null);
    }

    /**
     * As {@link #aborted(TransType, String, DtmException)}, when the abort itself may have failed: then the status
     * stays {@code prepared}, the server rolls the transaction back when it times out, and the abort's error is
     * attached as suppressed.
     *
     * @param transType the mode
     * @param gid the gid
     * @param branchError the failed call's exception (it names its branch)
     * @param abortError why the abort failed, or {@code null} when it was accepted
     * @return the exception
     */
    public static DtmTransactionFailedException aborted(TransType transType, String gid, DtmException branchError,
            Throwable abortError) {
        String body = branchError.body() == null || branchError.body().isBlank() ? null : branchError.body().strip();
        String reason = body != null ? body : branchError.getMessage();
        String shown = reason == null ? "" : " answered '" + (reason.length() > 300 ? reason.substring(0, 300)
                + "..." : reason) + "'";
        String undo = transType == TransType.TCC ? "cancels" : transType == TransType.SAGA ? "compensations"
                : "rollbacks";
        String where = "branch " + branchError.branchId() + " " + branchError.op() + shown;
        DtmTransactionFailedException e = abortError == null
                ? new DtmTransactionFailedException(transType.wireName() + " gid '" + gid + "' failed and is being"
                        + " rolled back (status 'aborting'): " + where + "; the server runs the " + undo + " (see the"
                        + " cause for the call)", branchError, gid, transType, TransStatus.ABORTING,
                        branchError.branchId(), branchError.op(), null, reason)
                : new DtmTransactionFailedException(transType.wireName() + " gid '" + gid + "' failed: " + where
                        + "; the abort could not be sent (" + abortError.getMessage() + "), so it stays 'prepared'"
                        + " until its timeout, when the server rolls it back and runs the " + undo, branchError, gid,
                        transType, TransStatus.PREPARED, branchError.branchId(), branchError.op(), null, reason);
        if (abortError != null) {
            e.addSuppressed(abortError);
        }
        return e;
    }

    @Override
    public DtmResult result() {
        return DtmResult.FAILURE;
    }
}
