package io.dtm4j.client;

/**
 * How a global transaction this application started went, when it did not simply succeed: the one exception family
 * an initiator sees, whatever the mode (saga, TCC, message, XA, workflow) and whatever made the call (the client, a
 * Spring annotation, a Feign try). It carries the gid, the mode, the status the server reported (or
 * {@link TransStatus#UNKNOWN} when it could not be asked), the branch that held things up and its answer, and chains
 * the original error.
 *
 * <ul>
 *   <li>{@link DtmTransactionFailedException}: the transaction failed or is rolling back; it will not succeed.</li>
 *   <li>{@link DtmTransactionPendingException}: not finished yet; the server keeps retrying and it may still
 *       succeed. Never treat it as a failure.</li>
 *   <li>this class itself: the outcome is not known (the server could not be asked); query the gid later.</li>
 * </ul>
 *
 * <pre>{@code
 * try {
 *     transfers.transfer(request);                       // a @DtmSaga(waitResult = true), say
 * } catch (DtmTransactionFailedException e) {            // final or rolling back: tell the user
 *     return refused(e.gid(), e.reason());
 * } catch (DtmTransactionPendingException e) {           // still running: tell the user it is in progress
 *     return accepted(e.gid());
 * }
 * }</pre>
 */
public class DtmTransactionException extends DtmException {

    private final TransType transType;
    private final TransStatus status;
    private final String branchUrl;
    private final String reason;

    /**
     * Creates the exception; dtm4j does, from the server's answer and a query of the gid.
     *
     * @param message what is true, with the remedy
     * @param cause the original error
     * @param gid the gid
     * @param transType the mode
     * @param status the status the server reported, {@link TransStatus#UNKNOWN} when not known
     * @param branchId the branch that failed or is being retried, or {@code null}
     * @param op that branch's op, or {@code null}
     * @param branchUrl that branch's URL, or {@code null}
     * @param reason the branch's answer or the rollback reason, or {@code null}
     */
    public DtmTransactionException(String message, Throwable cause, String gid, TransType transType,
            TransStatus status, String branchId, String op, String branchUrl, String reason) {
        super(message, cause, cause instanceof DtmException d ? d.httpStatus() : NO_STATUS,
                cause instanceof DtmException d ? d.body() : null, gid, branchId, op);
        this.transType = transType;
        this.status = status;
        this.branchUrl = branchUrl;
        this.reason = reason;
    }

    /**
     * The mode of the transaction.
     *
     * @return saga, tcc, msg, xa or workflow
     */
    public TransType transType() {
        return transType;
    }

    /**
     * The status the server reported when the exception was made.
     *
     * @return the status; {@link TransStatus#UNKNOWN} when the server could not be asked
     */
    public TransStatus status() {
        return status;
    }

    /**
     * Whether the server will never change the status again ({@code succeed} or {@code failed}).
     *
     * @return {@code true} when final
     */
    public boolean isFinal() {
        return status.isFinal();
    }

    /**
     * The URL of the branch that failed or is being retried.
     *
     * @return the URL, or {@code null} when not known
     */
    public String branchUrl() {
        return branchUrl;
    }

    /**
     * Why: the failing branch's answer, or the rollback reason the server stored.
     *
     * @return the reason, or {@code null} when not known
     */
    public String reason() {
        return reason;
    }
}
