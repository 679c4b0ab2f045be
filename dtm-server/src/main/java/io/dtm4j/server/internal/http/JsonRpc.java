package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * JSON-RPC 2.0 at {@code POST /api/json-rpc} (spec §3.2) over the same {@link Operations} as REST: {@code newGid},
 * {@code prepare}, {@code submit}, {@code abort}, {@code registerBranch}. Answers carry both {@code error} and
 * {@code result}; codes as the official server: -32700 (not JSON, or an id that is not a string; HTTP 400), -32600
 * (no id, or jsonrpc not "2.0"), -32601 (unknown method), -32901 (FAILURE), -32902 (ONGOING), -32603 (anything
 * else, bad params included).
 */
final class JsonRpc {

    private final Operations operations;

    JsonRpc(Operations operations) {
        this.operations = operations;
    }

    CompletableFuture<Reply> handle(byte[] body) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject() || request.has("id") && !request.get("id").isTextual()
                && !request.get("id").isNull()) {
            return done(400, error(null, -32700, "Parse json error: the body must be a JSON object whose id is a"
                    + " string"));
        }
        JsonNode id = request.path("id");
        String idText = id.isTextual() ? id.asText() : "";
        if (idText.isEmpty() || !"2.0".equals(request.path("jsonrpc").asText())) {
            return done(200, error(id, -32600, "Bad json request: jsonrpc must be \"2.0\" and id a non-empty"
                    + " string"));
        }
        String method = request.path("method").asText("");
        Operations.Operation op = Operations.JSON_RPC.contains(method) ? operations.find(method) : null;
        if (op == null) {
            return done(200, error(id, -32601, "Method not found: " + Json.truncate(method)));
        }
        JsonNode params = request.get("params");
        Call call = new Call("POST", Map.of(), () -> {
            if (params == null || !params.isObject()) {
                throw ApiException.badRequest(method + ": params must be a JSON object, got "
                        + Json.truncate(String.valueOf(params)));
            }
            return params;
        });
        CompletableFuture<JsonNode> result;
        try {
            result = op.run(call);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, failure) -> {
            if (failure == null) {
                ObjectNode answer = envelope(id);
                answer.putNull("error");
                answer.set("result", "newGid".equals(method) ? Json.MAPPER.createObjectNode().put("gid",
                        value.path("gid").asText()) : Json.MAPPER.nullNode());
                return Reply.json(200, answer);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof ApiException api)) {
                throw new CompletionException(cause);
            }
            int code = switch (api.kind()) {
                case FAILURE -> -32901;
                case ONGOING -> -32902;
                default -> -32603;
            };
            return Reply.json(200, error(id, code, api.getMessage()));
        });
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", id == null || id.isMissingNode() ? Json.MAPPER.nullNode() : id);
        return answer;
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode answer = envelope(id);
        answer.set("error", Json.MAPPER.createObjectNode().put("code", code).put("message", message));
        answer.putNull("result");
        return answer;
    }

    private static CompletableFuture<Reply> done(int status, ObjectNode body) {
        return CompletableFuture.completedFuture(Reply.json(status, body));
    }
}
