package io.dtm4j.client;

/**
 * Status of a global transaction or of a branch, as stored by the DTM server.
 */
public enum TransStatus {

    /** Created, not yet submitted (msg, tcc, xa, workflow); for branches: not yet done. */
    PREPARED("prepared"),
    /** Submitted: the server is driving the forward work. */
    SUBMITTED("submitted"),
    /** Rolling back: compensations, cancels or rollbacks are running. */
    ABORTING("aborting"),
    /** Finished successfully (final). */
    SUCCEED("succeed"),
    /** Finished by rolling back, or force-stopped (final). */
    FAILED("failed"),
    /** A status this client does not know; kept so that newer servers do not break queries. */
    UNKNOWN("");

    private final String wireName;

    TransStatus(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name DTM uses on the wire.
     *
     * @return for example {@code "succeed"}; empty for {@link #UNKNOWN}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether the server will never change this status again.
     *
     * @return {@code true} for {@link #SUCCEED} and {@link #FAILED}
     */
    public boolean isFinal() {
        return this == SUCCEED || this == FAILED;
    }

    /**
     * Maps a wire name to a status.
     *
     * @param wireName for example {@code "aborting"}
     * @return the status, or {@link #UNKNOWN} for anything else
     */
    public static TransStatus fromWireName(String wireName) {
        for (TransStatus status : values()) {
            if (status != UNKNOWN && status.wireName.equals(wireName)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
