package io.dtm4j.client;

/**
 * Not finished yet: DTM's {@code ONGOING} result (HTTP 425). The server retries at the fixed retry interval,
 * without backoff.
 *
 * <p>Throw it from a branch handler whose work is still in progress; the client throws it when the server or a
 * branch answered {@code ONGOING}.
 */
public class DtmOngoingException extends DtmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an ongoing result with a message; use it from branch handlers.
     *
     * @param message what is still in progress
     */
    public DtmOngoingException(String message) {
        super(message);
    }

    /**
     * Creates an ongoing result that describes a call in full.
     *
     * @param message what happened, with the remedy
     * @param httpStatus status of the answer, or {@link #NO_STATUS}
     * @param body body of the answer, or {@code null}
     * @param gid global transaction id, or {@code null}
     * @param branchId branch id, or {@code null}
     * @param op operation, or {@code null}
     */
    public DtmOngoingException(String message, int httpStatus, String body, String gid, String branchId,
            String op) {
        super(message, null, httpStatus, body, gid, branchId, op);
    }

    @Override
    public DtmResult result() {
        return DtmResult.ONGOING;
    }
}
