package io.dtm4j.server.internal.store;

/** The status of a global transaction, as the official tables and the HTTP API spell it. */
public enum TransStatus {
    /** Stored, not yet submitted: a TCC/XA/workflow in its first phase, or a msg before its submit. */
    PREPARED("prepared"),
    /** Submitted: its branches are being called forward. */
    SUBMITTED("submitted"),
    /** Rolling back: compensations, cancels or rollbacks are being called. */
    ABORTING("aborting"),
    /** Finished: every branch succeeded. */
    SUCCEED("succeed"),
    /** Finished: rolled back. */
    FAILED("failed");

    private final String wire;

    TransStatus(String wire) {
        this.wire = wire;
    }

    /** @return the name on the wire and in the tables, e.g. {@code submitted} */
    public String wire() {
        return wire;
    }

    /** @return whether no round will ever process it again */
    public boolean isFinal() {
        return this == SUCCEED || this == FAILED;
    }

    /**
     * The status of a stored or sent name.
     *
     * @param wire e.g. {@code submitted}
     * @return the status
     * @throws IllegalArgumentException for a name DTM does not define
     */
    public static TransStatus of(String wire) {
        for (TransStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is not a DTM transaction status (prepared, submitted,"
                + " aborting, succeed, failed)");
    }

    @Override
    public String toString() {
        return wire;
    }
}
