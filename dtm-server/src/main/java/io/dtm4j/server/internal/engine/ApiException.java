package io.dtm4j.server.internal.engine;

/**
 * An API call's answer other than SUCCESS, as a kind that each protocol maps to its own code (spec §1.2, §1.3,
 * §3.2): the engine never speaks HTTP status codes.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of the protocol that answers it. */
    public enum Kind {
        /** The request is malformed or breaks a rule; nothing was stored (HTTP 400). */
        BAD_REQUEST,
        /** DTM's FAILURE: the operation is refused for good (HTTP 409, JSON-RPC -32901). */
        FAILURE,
        /** DTM's ONGOING: not finished yet (HTTP 425, JSON-RPC -32902). */
        ONGOING,
        /** The server cannot take more work now; nothing was lost (HTTP 503). */
        BUSY,
        /** Any other error (HTTP 500, JSON-RPC -32603). */
        ERROR
    }

    private final Kind kind;

    public ApiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static ApiException failure(String message) {
        return new ApiException(Kind.FAILURE, message);
    }

    public static ApiException ongoing(String message) {
        return new ApiException(Kind.ONGOING, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Kind.BAD_REQUEST, message);
    }

    public static ApiException busy(String message) {
        return new ApiException(Kind.BUSY, message);
    }

    public static ApiException error(String message) {
        return new ApiException(Kind.ERROR, message);
    }

    public Kind kind() {
        return kind;
    }
}
