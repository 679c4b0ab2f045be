package io.dtm4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.server.ServerSecurity;
import io.dtm4j.server.internal.engine.AdminService;
import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.Metrics;
import io.dtm4j.server.internal.engine.RoundRunner;
import io.dtm4j.server.internal.engine.TopicService;
import io.dtm4j.server.internal.engine.TransService;
import io.dtm4j.server.internal.json.Json;
import io.dtm4j.server.internal.store.StoreException;
import io.dtm4j.server.internal.store.TransStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one router of the HTTP port, independent of the server library: {@code /api/ping} and {@code /api/metrics}
 * at once, the API token check, then {@code /api/dtmsvr/<op>} and {@code /api/json-rpc} on the API threads, with
 * the answer envelopes of spec §1.3. It never throws: every failure is an answer.
 */
public final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final String PREFIX = "/api/dtmsvr/";

    private final Operations operations;
    private final JsonRpc jsonRpc;
    private final Metrics metrics;
    private final ServerSecurity security;
    private final Executor api;
    private final RoundRunner rounds;

    public Router(TransService trans, AdminService admin, TopicService topics, TransStore store, String version,
            Metrics metrics, ServerSecurity security, Executor api, RoundRunner rounds) {
        this.operations = new Operations(trans, admin, topics, store, version);
        this.jsonRpc = new JsonRpc(operations);
        this.metrics = metrics;
        this.security = security;
        this.api = api;
        this.rounds = rounds;
    }

    /** Answers one request; the future never fails. */
    public CompletableFuture<Reply> handle(ApiRequest request) {
        long start = System.nanoTime();
        String path = request.path();
        String op = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        if (op.startsWith("topic/")) {
            op = "topic";
        }
        String label = label(path, op);
        CompletableFuture<Reply> answer;
        try {
            answer = route(request, path, op);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(e -> failure(request, e)).thenApply(reply -> {
            metrics.apiCall(label, reply.status() < 400, (System.nanoTime() - start) / 1e9);
            return reply;
        });
    }

    private CompletableFuture<Reply> route(ApiRequest request, String path, String op) {
        if (path.equals("/api/ping")) {
            return done(Reply.json(200, Json.MAPPER.createObjectNode().put("msg", "pong")));
        }
        Reply denied = authorize(request, op);
        if (denied != null) {
            return done(denied);
        }
        if (path.equals("/api/metrics")) {
            return done(Reply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape(operations.version())));
        }
        if (path.equals("/api/json-rpc")) {
            if (!request.method().equals("POST")) {
                return done(Reply.error(405, "JSON-RPC takes POST requests (POST /api/json-rpc)"));
            }
            return async(() -> jsonRpc.handle(request.body()));
        }
        Operations.Operation operation = path.startsWith(PREFIX) ? operations.find(op) : null;
        if (operation == null) {
            return done(Reply.error(404, "no route " + Json.truncate(path) + " (the DTM API is under " + PREFIX
                    + ", see the DTM HTTP API)"));
        }
        if (op.equals("topic") && request.method().equals("DELETE")) {
            String name = path.substring(PREFIX.length() + "topic/".length());
            return async(() -> operations.deleteTopic(name).thenApply(json -> Reply.json(200, json)));
        }
        Call call = new Call(request.method(), QueryParams.parse(request.rawQuery()), () -> body(request, op));
        if (op.equals("submit") || op.equals("abort")) {
            // On a round thread: the round these start runs there, with no further hand-off.
            try {
                return rounds.serve(() -> operation.run(call).thenApply(json -> Reply.json(200, json)));
            } catch (RejectedExecutionException e) {
                return done(Reply.error(503, "the server is busy: every round thread is taken and the round queue"
                        + " is full; nothing was stored (retry shortly, or raise roundThreads / roundQueue)"));
            }
        }
        return async(() -> operation.run(call).thenApply(json -> Reply.json(200, json)));
    }

    /** The metrics label: known routes by name, everything else as one series. */
    private String label(String path, String op) {
        if (path.equals("/api/ping") || path.equals("/api/metrics") || path.equals("/api/json-rpc")) {
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return path.startsWith(PREFIX) && operations.find(op) != null ? op.toLowerCase(java.util.Locale.ROOT)
                : "unknown";
    }

    private Reply authorize(ApiRequest request, String op) {
        String token = security.apiToken();
        if (token.isEmpty() || security.scope() == ServerSecurity.TokenScope.ADMIN && !Operations.ADMIN.contains(op)) {
            return null;
        }
        String sent = request.header().apply("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (sent != null && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Reply.error(401, (sent == null ? "no Authorization header" : "the Authorization header does not"
                + " carry the server's API token") + " (send Authorization: Bearer <token>, the token set as"
                + " ApiToken / API_TOKEN on the server)");
    }

    private CompletableFuture<Reply> async(java.util.function.Supplier<CompletableFuture<Reply>> work) {
        try {
            return CompletableFuture.supplyAsync(work, api).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return done(Reply.error(503, "the server is busy: every API thread is taken and the queue is full;"
                    + " nothing was done (retry shortly, or raise apiThreads / apiQueue)"));
        }
    }

    private static JsonNode body(ApiRequest request, String op) {
        try {
            JsonNode node = Json.MAPPER.readTree(request.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        String text = new String(request.body(), StandardCharsets.UTF_8);
        throw ApiException.badRequest(op + " needs a JSON object body, got '" + Json.truncate(text)
                + "' (send valid JSON)");
    }

    private Reply failure(ApiRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiException api) {
            int status = switch (api.kind()) {
                case BAD_REQUEST -> 400;
                case FAILURE -> 409;
                case ONGOING -> 425;
                case BUSY -> 503;
                case ERROR -> 500;
            };
            if (status >= 500) {
                log.warn("{} {} -> {}: {}", request.method(), Json.loggable(request.path()), status,
                        Json.loggable(api.getMessage()), api.getCause());
            } else {
                log.debug("{} {} -> {}: {}", request.method(), Json.loggable(request.path()), status,
                        Json.loggable(api.getMessage()));
            }
            return Reply.error(status, api.getMessage());
        }
        if (cause instanceof StoreException store) {
            log.warn("{} {} -> 500: {}", request.method(), Json.loggable(request.path()),
                    Json.loggable(store.getMessage()), store.getCause());
            return Reply.error(500, store.getMessage() + " (retry the request: DTM requests are"
                    + " idempotent)");
        }
        log.error("{} {} failed", request.method(), Json.loggable(request.path()), cause);
        return Reply.error(500, "internal error: " + Json.truncate(cause.toString()) + " (this is a server bug;"
                + " the request may be retried)");
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

}
