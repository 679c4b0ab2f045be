package io.dtm4j.client;

/**
 * Base of every exception dtm4j throws: a call to the DTM server or to a branch that did not succeed, or input
 * that cannot be sent.
 *
 * <p>Carries what is known about the failed call: the HTTP status and body of the answer (when there was one),
 * and the gid, branch id and op it concerned. The message says what happened, quotes the offending value and ends
 * with the remedy.
 *
 * <pre>{@code
 * try {
 *     saga.submit();
 * } catch (DtmFailureException e) {      // definite failure: will not be retried
 *     log.warn("gid {} rejected: {}", e.gid(), e.body());
 * } catch (DtmException e) {             // unknown outcome: query the transaction later
 *     log.warn("gid {} outcome unknown (status {})", e.gid(), e.httpStatus());
 * }
 * }</pre>
 */
public class DtmException extends RuntimeException {

    /** Value of {@link #httpStatus()} when no HTTP answer was received. */
    public static final int NO_STATUS = -1;

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String body;
    private final String gid;
    private final String branchId;
    private final String op;

    /**
     * Creates an exception with a message only; use it from branch handlers to report a transient error.
     *
     * @param message what happened
     */
    public DtmException(String message) {
        this(message, null, NO_STATUS, null, null, null, null);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what happened
     * @param cause the underlying error
     */
    public DtmException(String message, Throwable cause) {
        this(message, cause, NO_STATUS, null, null, null, null);
    }

    /**
     * Creates an exception that describes a failed call in full.
     *
     * @param message what happened, with the remedy
     * @param cause the underlying error, or {@code null}
     * @param httpStatus status of the answer, or {@link #NO_STATUS}
     * @param body body of the answer, or {@code null}
     * @param gid global transaction id, or {@code null}
     * @param branchId branch id, or {@code null}
     * @param op branch operation or server operation, or {@code null}
     */
    public DtmException(String message, Throwable cause, int httpStatus, String body, String gid, String branchId,
            String op) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.body = body;
        this.gid = gid;
        this.branchId = branchId;
        this.op = op;
    }

    /**
     * The outcome this exception stands for; see {@link DtmResult}.
     *
     * @return {@link DtmResult#ERROR} here; subclasses answer {@code FAILURE} or {@code ONGOING}
     */
    public DtmResult result() {
        return DtmResult.ERROR;
    }

    /**
     * HTTP status of the answer that caused this exception.
     *
     * @return the status, or {@link #NO_STATUS} when there was no answer
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Body of the answer that caused this exception.
     *
     * @return the body text, or {@code null} when there was no answer
     */
    public String body() {
        return body;
    }

    /**
     * Global transaction id the failed call concerned.
     *
     * @return the gid, or {@code null} when not known
     */
    public String gid() {
        return gid;
    }

    /**
     * Branch id the failed call concerned.
     *
     * @return the branch id, or {@code null} when the call was not about a branch
     */
    public String branchId() {
        return branchId;
    }

    /**
     * Operation of the failed call: a branch op ({@code try}, {@code action}...) or a server operation
     * ({@code submit}, {@code prepare}...).
     *
     * @return the op, or {@code null} when not known
     */
    public String op() {
        return op;
    }
}
