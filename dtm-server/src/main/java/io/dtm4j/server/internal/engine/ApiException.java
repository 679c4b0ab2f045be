package io.dtm4j.server.internal.engine;

/**
 * An API call's answer other than SUCCESS, with the HTTP status the server gives it (spec §1.3): 409 FAILURE,
 * 425 ONGOING, 400 for bad input, 500 for anything else.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiException failure(String message) {
        return new ApiException(409, message);
    }

    public static ApiException ongoing(String message) {
        return new ApiException(425, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException error(String message) {
        return new ApiException(500, message);
    }

    public int status() {
        return status;
    }
}
