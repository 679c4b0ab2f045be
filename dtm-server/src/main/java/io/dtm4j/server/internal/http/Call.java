package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One DTM operation's input, from a REST request or a JSON-RPC call alike.
 *
 * @param method the HTTP method ({@code POST} for JSON-RPC)
 * @param query the decoded query parameters (empty for JSON-RPC)
 * @param body reads the JSON object body (JSON-RPC: the params), answering 400 when it is not one
 */
record Call(String method, Map<String, String> query, Supplier<JsonNode> body) {
}
