package io.dtm4j.client;

import java.util.Objects;

/**
 * A payload that is already JSON text and must be sent exactly as given.
 *
 * <p>Payloads are normally objects that dtm4j serialises with Jackson, as the Go client does; a {@link String}
 * payload is therefore sent as a JSON string (quoted). Wrap text that already is JSON in {@code RawJson} to send
 * it unchanged:
 *
 * <pre>{@code
 * saga.add(out, outCompensate, RawJson.of("{\"amount\":30}"));
 * }</pre>
 *
 * @param json the JSON text, sent byte for byte
 */
public record RawJson(String json) {

    /**
     * Creates a raw payload.
     *
     * @param json the JSON text, not {@code null}
     */
    public RawJson {
        Objects.requireNonNull(json, "json (use RawJson.of(\"null\") for a JSON null)");
    }

    /**
     * Creates a raw payload.
     *
     * @param json the JSON text, not {@code null}
     * @return the payload
     */
    public static RawJson of(String json) {
        return new RawJson(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
