package io.dtm4j.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.RawJson;

/**
 * JSON handling of the client: the default mapper, payload serialisation with DTM's conventions, and parsing of
 * server answers with errors that say what was expected.
 */
public final class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static ObjectMapper defaultMapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Serialises a payload as the Go client does (JSON of the value); a {@link RawJson} is sent unchanged.
     *
     * @param what describes the payload for the error message, e.g. {@code payload of step 2 of saga}
     */
    public String payload(Object payload, String what, String gid) {
        if (payload instanceof RawJson raw) {
            return raw.json();
        }
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new DtmException("cannot serialise the " + what + " of gid '" + gid + "' to JSON: "
                    + e.getOriginalMessage() + " (value of type " + payload.getClass().getName()
                    + "; make it a Jackson-serialisable type or pass RawJson.of(jsonText))", e,
                    DtmException.NO_STATUS, null, gid, null, null);
        }
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a DTM request body: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses an answer that must be a JSON object. */
    public JsonNode readObject(String body, int status, String url, CallTarget target) {
        JsonNode node = null;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new DtmException(target.what() + " at " + url + " answered " + status + " with a body that is not"
                    + " a JSON object: '" + CallTarget.abbreviate(body) + "' " + target.identity()
                    + " (check that the server URL points at the DTM API, e.g. http://host:36789/api/dtmsvr)",
                    null, status, body, target.gid(), target.branchId(), target.op());
        }
        return node;
    }
}
