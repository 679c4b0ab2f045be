package io.dtm4j.server.internal.store;

import java.util.Optional;

/** The mode of a global transaction, as the official tables and the HTTP API spell it. */
public enum TransType {
    /** A saga: actions forward, compensations backward. */
    SAGA("saga"),
    /** TCC: tries by the application, confirms or cancels by the server. */
    TCC("tcc"),
    /** A 2-phase message: actions once the message is committed. */
    MSG("msg"),
    /** XA: commits or rollbacks of prepared local transactions. */
    XA("xa"),
    /** A workflow: steps recorded by the application, phase 2 by the server. */
    WORKFLOW("workflow");

    private final String wire;

    TransType(String wire) {
        this.wire = wire;
    }

    /** @return the name on the wire and in the tables, e.g. {@code saga} */
    public String wire() {
        return wire;
    }

    /**
     * The mode of a name, if DTM defines it.
     *
     * @param wire e.g. {@code saga}
     * @return the mode, or empty
     */
    public static Optional<TransType> find(String wire) {
        for (TransType t : values()) {
            if (t.wire.equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The mode of a stored name.
     *
     * @param wire e.g. {@code saga}
     * @return the mode
     * @throws IllegalArgumentException for a name DTM does not define
     */
    public static TransType of(String wire) {
        return find(wire).orElseThrow(() -> new IllegalArgumentException("'" + wire + "' is not a DTM transaction"
                + " type (saga, tcc, msg, xa, workflow)"));
    }

    @Override
    public String toString() {
        return wire;
    }
}
