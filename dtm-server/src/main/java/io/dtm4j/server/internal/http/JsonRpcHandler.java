package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.TransService;
import java.io.IOException;
import java.io.OutputStream;

/**
 * JSON-RPC 2.0 at {@code POST /api/json-rpc} (spec §3.2): {@code newGid}, {@code prepare}, {@code submit},
 * {@code abort}, {@code registerBranch}, with the same params as the REST bodies. Always HTTP 200; errors as
 * -32700 (parse), -32600 (invalid request), -32601 (unknown method), -32901 (FAILURE), -32603 (other).
 */
final class JsonRpcHandler implements HttpHandler {

    private final ObjectMapper mapper;
    private final TransService service;

    JsonRpcHandler(ObjectMapper mapper, TransService service) {
        this.mapper = mapper;
        this.service = service;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ObjectNode answer = mapper.createObjectNode().put("jsonrpc", "2.0");
        try {
            JsonNode request;
            try {
                request = mapper.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                request = null;
            }
            if (request == null || !request.isObject() || !request.path("id").isTextual()) {
                answer.putNull("id");
                error(answer, -32700, "Parse error: the body must be a JSON object whose id is a string");
                return;
            }
            answer.set("id", request.get("id"));
            if (request.path("id").asText().isEmpty() || !"2.0".equals(request.path("jsonrpc").asText())) {
                error(answer, -32600, "Invalid Request: jsonrpc must be \"2.0\" and id non-empty");
                return;
            }
            JsonNode params = request.path("params");
            switch (request.path("method").asText("")) {
                case "newGid" -> answer.set("result", mapper.createObjectNode().put("gid", service.newGid()));
                case "prepare" -> service.prepare(params);
                case "submit" -> service.submit(params);
                case "abort" -> service.abort(params);
                case "registerBranch" -> service.registerBranch(params);
                default -> {
                    error(answer, -32601, "Method not found: " + request.path("method").asText(""));
                    return;
                }
            }
            answer.putNull("error");
            if (!answer.has("result")) {
                answer.putNull("result");
            }
        } catch (ApiException e) {
            error(answer, e.status() == 409 ? -32901 : e.status() == 425 ? -32902 : -32603, e.getMessage());
        } finally {
            byte[] bytes = mapper.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            exchange.close();
        }
    }

    private void error(ObjectNode answer, int code, String message) {
        answer.set("error", mapper.createObjectNode().put("code", code).put("message", message));
        answer.putNull("result");
    }
}
