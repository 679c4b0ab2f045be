package io.dtm4j.client;

/**
 * The outcome of any call between DTM roles (initiator, server, branch), decided exactly as DTM does.
 *
 * <p>{@link #of(int, String)} applies DTM's rule, which keeps the pre-1.10 body convention: status 425 <em>or</em>
 * a body containing {@code ONGOING} is {@link #ONGOING}; else status 409 <em>or</em> a body containing
 * {@code FAILURE} is {@link #FAILURE}; else any status other than 200 is {@link #ERROR}; else {@link #SUCCESS}.
 * So a 200 answer whose body contains {@code FAILURE} is a failure.
 *
 * <pre>{@code
 * DtmResult r = DtmResult.of(200, "{\"dtm_result\":\"FAILURE\"}");   // FAILURE
 * }</pre>
 */
public enum DtmResult {

    /** Done. HTTP 200. */
    SUCCESS(200),
    /** Definite business failure, not retried. HTTP 409. */
    FAILURE(409),
    /** Not finished; retried at the fixed interval. HTTP 425. */
    ONGOING(425),
    /** Transient error; retried with exponential backoff. HTTP 500 (any other status means the same). */
    ERROR(500);

    private final int httpStatus;

    DtmResult(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /**
     * The HTTP status a branch handler answers for this outcome.
     *
     * @return 200, 409, 425 or 500
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Classifies an HTTP answer by DTM's rule (status codes first combined with the body substrings).
     *
     * @param status HTTP status code
     * @param body the answer's body, may be {@code null}
     * @return the outcome
     */
    public static DtmResult of(int status, String body) {
        String text = body == null ? "" : body;
        if (status == 425 || text.contains("ONGOING")) {
            return ONGOING;
        }
        if (status == 409 || text.contains("FAILURE")) {
            return FAILURE;
        }
        if (status != 200) {
            return ERROR;
        }
        return SUCCESS;
    }
}
