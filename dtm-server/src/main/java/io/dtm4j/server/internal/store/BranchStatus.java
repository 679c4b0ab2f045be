package io.dtm4j.server.internal.store;

/** The status of one branch call row, as the official tables and the HTTP API spell it. */
public enum BranchStatus {
    /** Not done yet (or its outcome is unknown). */
    PREPARED("prepared"),
    /** Done. */
    SUCCEED("succeed"),
    /** Answered FAILURE (a saga action), or a recorded failed workflow step. */
    FAILED("failed");

    private final String wire;

    BranchStatus(String wire) {
        this.wire = wire;
    }

    /** @return the name on the wire and in the tables */
    public String wire() {
        return wire;
    }

    /**
     * The status of a stored name.
     *
     * @param wire e.g. {@code succeed}
     * @return the status
     * @throws IllegalArgumentException for a name DTM does not define
     */
    public static BranchStatus of(String wire) {
        for (BranchStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is not a DTM branch status (prepared, succeed, failed)");
    }

    @Override
    public String toString() {
        return wire;
    }
}
