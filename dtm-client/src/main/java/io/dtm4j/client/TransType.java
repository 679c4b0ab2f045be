package io.dtm4j.client;

import java.util.Locale;

/**
 * The DTM transaction modes, with their wire names ({@code trans_type}).
 */
public enum TransType {

    /** Saga: forward actions with compensations. */
    SAGA("saga"),
    /** Try-Confirm-Cancel. */
    TCC("tcc"),
    /** Two-phase message (outbox). */
    MSG("msg"),
    /** XA: two-phase commit of local database transactions. */
    XA("xa"),
    /** Workflow: client-driven steps recorded by the server. */
    WORKFLOW("workflow");

    private final String wireName;

    TransType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name DTM uses on the wire and in its tables.
     *
     * @return for example {@code "saga"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Looks a mode up by its wire name.
     *
     * @param wireName for example {@code "tcc"}; case is ignored
     * @return the mode
     * @throws IllegalArgumentException naming the value and the accepted ones when it is not a DTM mode
     */
    public static TransType fromWireName(String wireName) {
        if (wireName != null) {
            for (TransType type : values()) {
                if (type.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("unknown trans_type '" + wireName
                + "' (use one of saga, tcc, msg, xa, workflow)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
