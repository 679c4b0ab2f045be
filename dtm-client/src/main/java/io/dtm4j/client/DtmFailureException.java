package io.dtm4j.client;

/**
 * A definite failure: DTM's {@code FAILURE} result (HTTP 409). It is not retried.
 *
 * <p>Throw it from a branch handler to say "this branch failed for good" (a saga action then triggers
 * compensation, a TCC try makes the initiator abort). The client throws it when the server or a branch answered
 * {@code FAILURE}.
 *
 * <pre>{@code
 * if (balance < amount) {
 *     throw new DtmFailureException("insufficient balance on account " + id);
 * }
 * }</pre>
 */
public class DtmFailureException extends DtmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a failure with a message; use it from branch handlers.
     *
     * @param message why the branch failed
     */
    public DtmFailureException(String message) {
        super(message);
    }

    /**
     * Creates a failure that describes a call in full.
     *
     * @param message what happened, with the remedy
     * @param httpStatus status of the answer, or {@link #NO_STATUS}
     * @param body body of the answer, or {@code null}
     * @param gid global transaction id, or {@code null}
     * @param branchId branch id, or {@code null}
     * @param op operation, or {@code null}
     */
    public DtmFailureException(String message, int httpStatus, String body, String gid, String branchId,
            String op) {
        super(message, null, httpStatus, body, gid, branchId, op);
    }

    @Override
    public DtmResult result() {
        return DtmResult.FAILURE;
    }
}
