package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.internal.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * An answer the server library writes as it is.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the bytes
 */
public record Reply(int status, String contentType, byte[] body) {

    static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An error answer with the envelope of spec §1.3: {@code dtm_result} for 409 and 425, and a message. */
    public static Reply error(int status, String message) {
        var body = Json.MAPPER.createObjectNode();
        if (status == 409) {
            body.put("dtm_result", "FAILURE");
        } else if (status == 425) {
            body.put("dtm_result", "ONGOING");
        }
        return json(status, body.put("message", message));
    }
}
