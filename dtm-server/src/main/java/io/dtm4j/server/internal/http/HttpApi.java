package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.Metrics;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.internal.engine.TransService;
import io.dtm4j.server.store.BranchTrans;
import io.dtm4j.server.store.GlobalTrans;
import io.dtm4j.server.store.ScanQuery;
import io.dtm4j.server.store.ScanResult;
import io.dtm4j.server.store.TransStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/dtmsvr} (spec §2) and {@code /api/ping}, with the answer envelopes of spec §1.3:
 * 200 SUCCESS, 409 FAILURE, 425 ONGOING, 400 for bad input, 500 for other errors, each with a message.
 */
public final class HttpApi implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PREFIX = "/api/dtmsvr/";

    private final ObjectMapper mapper = new ObjectMapper();
    private final TransService service;
    private final TransStore store;
    private final String version;
    private final AdminRoutes admin;

    private final Metrics metrics;

    public HttpApi(TransService service, AdminService adminService, TopicService topics, TransStore store,
            String version, Metrics metrics) {
        this.metrics = metrics;
        this.service = service;
        this.store = store;
        this.version = version;
        this.admin = new AdminRoutes(mapper, adminService, topics, store);
    }

    /** The JSON-RPC handler, mounted at {@code /api/json-rpc}. */
    public HttpHandler jsonRpc() {
        return new JsonRpcHandler(mapper, service);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        long start = System.nanoTime();
        int status = 200;
        try {
            if (path.equals("/api/ping")) {
                send(exchange, 200, mapper.createObjectNode().put("msg", "pong"));
                return;
            }
            if (path.equals("/api/metrics")) {
                byte[] text = metrics.scrape(version).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, text.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(text);
                }
                return;
            }
            if (!path.startsWith(PREFIX)) {
                throw new ApiException(404, "no route " + path + " (the DTM API is under " + PREFIX + ")");
            }
            send(exchange, 200, route(exchange, path.substring(PREFIX.length())));
        } catch (ApiException e) {
            status = e.status();
            answerError(exchange, path, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            log.error("{} {} failed", exchange.getRequestMethod(), path, e);
            answerError(exchange, path, 500, e.toString());
        } finally {
            exchange.close();
            String api = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            metrics.apiCall(api, status < 400, (System.nanoTime() - start) / 1e9);
        }
    }

    private JsonNode route(HttpExchange exchange, String operation) throws IOException {
        Map<String, String> query = query(exchange);
        switch (operation) {
            case "version":
                return mapper.createObjectNode().put("version", version);
            case "newGid":
                return mapper.createObjectNode().put("gid", service.newGid()).put("dtm_result", "SUCCESS");
            case "prepare":
                service.prepare(body(exchange, operation));
                return success();
            case "submit":
                service.submit(body(exchange, operation));
                return success();
            case "abort":
                service.abort(body(exchange, operation));
                return success();
            case "registerBranch", "registerXaBranch", "registerTccBranch":
                service.registerBranch(body(exchange, operation));
                return success();
            case "prepareWorkflow":
                TransService.Workflow wf = service.prepareWorkflow(body(exchange, operation));
                ObjectNode reply = mapper.createObjectNode();
                reply.set("transaction", JsonViews.global(mapper, wf.transaction()));
                ArrayNode progresses = reply.putArray("progresses");
                wf.progresses().forEach(b -> progresses.add(JsonViews.branch(mapper, b)));
                return reply;
            case "query":
                return query(query.getOrDefault("gid", ""));
            case "all":
                return all(query);
            default:
                JsonNode answer = admin.route(exchange.getRequestMethod(), operation, query,
                        () -> body(exchange, operation));
                if (answer == null) {
                    throw new ApiException(404, "no DTM operation '" + operation + "' (see the DTM HTTP API)");
                }
                return answer;
        }
    }

    private JsonNode query(String gid) {
        if (gid.isEmpty()) {
            throw ApiException.error("no gid specified");
        }
        ObjectNode answer = mapper.createObjectNode();
        GlobalTrans g = store.findGlobal(gid).orElse(null);
        answer.set("transaction", g == null ? mapper.nullNode() : JsonViews.global(mapper, g));
        ArrayNode branches = answer.putArray("branches");
        if (g != null) {
            for (BranchTrans b : store.findBranches(gid)) {
                branches.add(JsonViews.branch(mapper, b));
            }
        }
        return answer;
    }

    private JsonNode all(Map<String, String> q) {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode list = answer.putArray("transactions");
        String gid = q.getOrDefault("gid", "");
        if (!gid.isEmpty()) {
            GlobalTrans g = store.findGlobal(gid).orElse(null);
            if (g == null) {
                answer.putNull("transactions");
            } else {
                list.add(JsonViews.global(mapper, g));
            }
            return answer.put("next_position", "");
        }
        int limit;
        try {
            limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        } catch (NumberFormatException e) {
            throw ApiException.error("limit '" + q.get("limit") + "' is not a number (use e.g. limit=100)");
        }
        if (limit < 1) {
            throw ApiException.badRequest("limit must be at least 1 but was " + limit);
        }
        ScanResult page = store.scan(new ScanQuery(q.getOrDefault("position", ""), limit,
                q.getOrDefault("status", ""), q.getOrDefault("transType", ""), millis(q.get("createTimeStart")),
                millis(q.get("createTimeEnd"))));
        for (GlobalTrans g : page.transactions()) {
            list.add(JsonViews.global(mapper, g));
        }
        return answer.put("next_position", page.nextPosition());
    }

    private static Instant millis(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value) / 1000);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + value + "' is not epoch milliseconds");
        }
    }

    private JsonNode body(HttpExchange exchange, String operation) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode node = mapper.readTree(raw);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // answered below
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        throw ApiException.badRequest(operation + " needs a JSON object body, got '"
                + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "' (send valid JSON)");
    }

    private ObjectNode success() {
        return mapper.createObjectNode().put("dtm_result", "SUCCESS");
    }

    private void answerError(HttpExchange exchange, String path, int status, String message) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        if (status == 409) {
            body.put("dtm_result", "FAILURE");
        } else if (status == 425) {
            body.put("dtm_result", "ONGOING");
        }
        body.put("message", message);
        if (status >= 500) {
            log.warn("{} {} -> {}: {}", exchange.getRequestMethod(), path, status, message);
        } else {
            log.info("{} {} -> {}: {}", exchange.getRequestMethod(), path, status, message);
        }
        send(exchange, status, body);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> map = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.put(key, value);
        }
        return map;
    }
}
