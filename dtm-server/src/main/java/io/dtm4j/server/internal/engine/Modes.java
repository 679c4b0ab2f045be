package io.dtm4j.server.internal.engine;

import io.dtm4j.client.TransType;
import java.util.Optional;

/** The server's exact reading of {@code trans_type}: the wire name as sent, no case folding. */
final class Modes {

    private Modes() {
    }

    static Optional<TransType> find(String wire) {
        for (TransType t : TransType.values()) {
            if (t.wireName().equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
