package io.dtm4j.server.internal.store;

/**
 * A storage failure; {@link #kind()} tells the server how to answer.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The gid, or the (gid, branch_id, op), exists already. */
        DUPLICATE,
        /** The row is absent, or not in the expected status. */
        NOT_FOUND,
        /** Anything else (connection, SQL error). */
        FAILED
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param message the details
     */
    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * Creates the exception with its cause (the driver's exception, say), kept for the log.
     *
     * @param kind what went wrong
     * @param message the details
     * @param cause what the store was told
     */
    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * What went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
