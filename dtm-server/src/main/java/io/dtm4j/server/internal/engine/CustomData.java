package io.dtm4j.server.internal.engine;

import io.dtm4j.client.TransType;
import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.internal.json.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks {@code custom_data} at submit (spec §5.1), so that a round never meets options it cannot read: a saga's
 * {@code {"concurrent":bool,"orders":{"<step>":[<step>...]}}} with 0-based steps that exist, a message's
 * {@code {"delay":seconds}}, a workflow's {@code {"name":..,"data":<base64>}}.
 */
final class CustomData {

    private CustomData() {
    }

    static void check(Fields f, TransType type, String text, int steps) {
        if (text.isEmpty() || !(type == TransType.SAGA || type == TransType.MSG || type == TransType.WORKFLOW)) {
            return;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw f.invalid("custom_data", '"' + text + '"', "must be the text of a JSON object");
        }
        switch (type) {
            case SAGA -> saga(f, node, steps);
            case MSG -> {
                JsonNode delay = node.get("delay");
                if (delay != null && !delay.isNull() && (!delay.isIntegralNumber() || !delay.canConvertToLong()
                        || delay.longValue() < 0 || delay.longValue() > Limits.MAX_SECONDS)) {
                    throw f.invalid("custom_data.delay", delay, "must be a whole number of seconds between 0 and "
                            + Limits.MAX_SECONDS);
                }
            }
            default -> workflow(f, node);
        }
    }

    private static void saga(Fields f, JsonNode node, int steps) {
        JsonNode concurrent = node.get("concurrent");
        if (concurrent != null && !concurrent.isNull() && !concurrent.isBoolean()) {
            throw f.invalid("custom_data.concurrent", concurrent, "must be true or false");
        }
        JsonNode orders = node.get("orders");
        if (orders == null || orders.isNull()) {
            return;
        }
        if (!orders.isObject()) {
            throw f.invalid("custom_data.orders", orders, "must be an object of step -> [steps before it]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = orders.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            int step = stepIndex(f, "custom_data.orders key", e.getKey(), steps);
            if (!e.getValue().isArray()) {
                throw f.invalid("custom_data.orders." + e.getKey(), e.getValue(), "must be an array of step"
                        + " numbers");
            }
            for (JsonNode pre : e.getValue()) {
                int p = pre.isIntegralNumber() && pre.canConvertToInt() ? pre.intValue() : -1;
                if (p < 0 || p >= steps || p == step) {
                    throw f.invalid("custom_data.orders." + e.getKey(), pre, "must name another step, 0 to "
                            + (steps - 1) + " (steps are 0-based)");
                }
            }
        }
    }

    private static int stepIndex(Fields f, String field, String key, int steps) {
        try {
            int i = Integer.parseInt(key);
            if (i >= 0 && i < steps) {
                return i;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw f.invalid(field, '"' + key + '"', "must be a step number, 0 to " + (steps - 1) + " (steps are"
                + " 0-based)");
    }

    private static void workflow(Fields f, JsonNode node) {
        JsonNode name = node.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw f.invalid("custom_data.name", name, "must be a JSON string");
        }
        JsonNode data = node.get("data");
        if (data != null && !data.isNull()) {
            try {
                if (!data.isTextual()) {
                    throw new IllegalArgumentException("not text");
                }
                Base64.getDecoder().decode(data.asText());
            } catch (IllegalArgumentException e) {
                throw f.invalid("custom_data.data", data, "must be base64 text (the workflow's input bytes)");
            }
        }
    }
}
