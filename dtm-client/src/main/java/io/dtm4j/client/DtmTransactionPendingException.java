package io.dtm4j.client;

/**
 * The global transaction is not finished yet ({@code submitted} or {@code prepared}): a branch answered ONGOING or
 * an error, and the server keeps retrying it every {@link #retryIntervalSeconds()} seconds until it succeeds or
 * (for modes with a timeout) times out. It may still succeed: query the gid, or wait for it, before telling anyone
 * it failed. {@link #branchId()}, {@link #branchUrl()} and {@link #reason()} name the branch being retried and its
 * last answer, which is where to look when the answer is a mistake (a wrong URL answering 404, say).
 */
public class DtmTransactionPendingException extends DtmTransactionException {

    private final long retryIntervalSeconds;

    /**
     * Creates the exception; dtm4j does.
     *
     * @param message what is true, with the remedy
     * @param cause the original error
     * @param gid the gid
     * @param transType the mode
     * @param status {@link TransStatus#SUBMITTED} or {@link TransStatus#PREPARED}
     * @param branchId the branch being retried, or {@code null}
     * @param op that branch's op, or {@code null}
     * @param branchUrl that branch's URL, or {@code null}
     * @param reason the branch's last answer, or {@code null}
     * @param retryIntervalSeconds the server's current retry interval for it, 0 when not known
     */
    public DtmTransactionPendingException(String message, Throwable cause, String gid, TransType transType,
            TransStatus status, String branchId, String op, String branchUrl, String reason,
            long retryIntervalSeconds) {
        super(message, cause, gid, transType, status, branchId, op, branchUrl, reason);
        this.retryIntervalSeconds = retryIntervalSeconds;
    }

    /**
     * How often the server retries the transaction now.
     *
     * @return seconds, 0 when not known
     */
    public long retryIntervalSeconds() {
        return retryIntervalSeconds;
    }

    @Override
    public DtmResult result() {
        return DtmResult.ONGOING;
    }
}
