package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of one request's JSON fields, as strict as the official server's typed binding: a field of the
 * wrong type, out of range or too long is refused with a 400 naming the operation, the gid, the field, the value
 * (truncated) and the rule. An absent or {@code null} field reads as its zero value, as in Go.
 */
final class Fields {

    private final String operation;
    private final JsonNode body;
    private String gid = "";

    Fields(String operation, JsonNode body) {
        this.operation = operation;
        this.body = body;
    }

    String operation() {
        return operation;
    }

    /** Names the gid in later error messages. */
    Fields gid(String value) {
        this.gid = value;
        return this;
    }

    ApiException invalid(String field, JsonNode value, String rule) {
        return invalid(field, value == null ? "null" : value.toString(), rule);
    }

    ApiException invalid(String field, String value, String rule) {
        return ApiException.badRequest(operation + (gid.isEmpty() ? "" : " of gid '" + Json.truncate(gid) + "'")
                + ": field '" + field + "' = " + Json.truncate(value) + " " + rule);
    }

    private JsonNode node(String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n;
    }

    String string(String field, int maxLength) {
        JsonNode n = node(field);
        if (n == null) {
            return "";
        }
        if (!n.isTextual()) {
            throw invalid(field, n, "must be a JSON string");
        }
        return text(field, n.asText(), maxLength);
    }

    /** Checks a string: its length and that it is well-formed text (no lone UTF-16 surrogate). */
    String text(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw invalid(field, '"' + value + '"', "is longer than " + maxLength + " characters (the store's"
                    + " column limit; send a shorter value)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(field, '"' + value + '"', "contains a lone UTF-16 surrogate at index " + i
                        + " (send well-formed Unicode text)");
            }
        }
        return value;
    }

    boolean bool(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw invalid(field, n, "must be true or false");
        }
        return n.booleanValue();
    }

    /** A non-negative whole number no larger than {@code max}. */
    long number(String field, long max, String unit) {
        JsonNode n = node(field);
        if (n == null) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw invalid(field, n, "must be a whole number of " + unit + " (send a JSON number such as 30)");
        }
        long v = n.longValue();
        if (v < 0 || v > max) {
            throw invalid(field, n, "must be between 0 and " + max + " " + unit);
        }
        return v;
    }

    /** A JSON object whose values are all strings, as Go's {@code map[string]string}. */
    Map<String, String> stringMap(String field) {
        JsonNode n = node(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (n == null) {
            return map;
        }
        if (!n.isObject()) {
            throw invalid(field, n, "must be a JSON object of strings");
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid(field + "." + e.getKey(), e.getValue(), "must be a JSON string");
            }
            map.put(text(field, e.getKey(), Limits.MAX_TEXT), text(field + "." + e.getKey(), e.getValue().asText(),
                    Limits.MAX_TEXT));
        });
        return map;
    }

    JsonNode array(String field) {
        JsonNode n = node(field);
        if (n != null && !n.isArray()) {
            throw invalid(field, n, "must be a JSON array");
        }
        return n;
    }
}
