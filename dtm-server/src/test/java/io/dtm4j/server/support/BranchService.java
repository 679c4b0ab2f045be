package io.dtm4j.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP branch service (an RM) for the conformance tests: every path answers SUCCESS unless told otherwise
 * with {@link #next(String, String...)} (one-shot answers: SUCCESS, FAILURE, ONGOING, ERROR, SLOW), and every
 * call is recorded.
 */
public final class BranchService implements AutoCloseable {

    /** One recorded call. */
    public record Call(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        public String op() {
            return query.get("op");
        }

        public String branchId() {
            return query.get("branch_id");
        }
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedQueue<String>> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public BranchService() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Queues one-shot answers for a path: SUCCESS, FAILURE, ONGOING, ERROR or SLOW (sleeps 5 s). */
    public BranchService next(String path, String... results) {
        ConcurrentLinkedQueue<String> queue = answers.computeIfAbsent(path, k -> new ConcurrentLinkedQueue<>());
        queue.addAll(List.of(results));
        return this;
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    public List<String> paths() {
        return calls.stream().map(Call::path).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = new ConcurrentHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(exchange.getRequestMethod(), path, query, headers, body));
        ConcurrentLinkedQueue<String> queue = answers.get(path);
        String result = queue == null ? null : queue.poll();
        result = result == null ? "SUCCESS" : result;
        int status;
        if (result.startsWith("LEGACY_")) {
            // old-style answer: HTTP 200 whose body names the result (spec §4.5's body rule)
            result = result.substring("LEGACY_".length());
            byte[] legacy = ("{\"dtm_result\":\"" + result + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, legacy.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(legacy);
            }
            return;
        }
        switch (result) {
            case "FAILURE" -> status = 409;
            case "ONGOING" -> status = 425;
            case "ERROR" -> status = 500;
            case "SLOW" -> {
                sleep();
                status = 200;
            }
            default -> status = 200;
        }
        byte[] bytes = ("{\"dtm_result\":\"" + result + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
