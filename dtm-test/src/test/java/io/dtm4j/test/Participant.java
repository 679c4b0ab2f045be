package io.dtm4j.test;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP participant on a free port: every path answers 200 SUCCESS unless told otherwise, and every request
 * it receives is kept as "path op body" in arrival order.
 */
final class Participant implements AutoCloseable {

    private final HttpServer http;
    private final List<String> received = new ArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<Integer>> firstStatuses = new ConcurrentHashMap<>();

    Participant() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getQuery();
            String op = query == null ? "" : java.util.Arrays.stream(query.split("&"))
                    .filter(p -> p.startsWith("op=")).map(p -> p.substring(3)).findFirst().orElse("");
            String path = exchange.getRequestURI().getPath();
            synchronized (received) {
                received.add(path + " " + op + " " + body);
            }
            java.util.Deque<Integer> queued = firstStatuses.get(path);
            Integer first = queued == null ? null : queued.pollFirst();
            int status = first != null ? first : statusByPath.getOrDefault(path, 200);
            byte[] answer = (status == 409 ? "{\"dtm_result\":\"FAILURE\"}" : status == 425
                    ? "{\"dtm_result\":\"ONGOING\"}" : "{\"dtm_result\":\"SUCCESS\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** The next {@code times} calls of {@code path} answer {@code status}, then the usual answer again. */
    void answerFirst(String path, int times, int status) {
        java.util.Deque<Integer> queue = firstStatuses.computeIfAbsent(path,
                p -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(status);
        }
    }

    void answer(String path, int status) {
        statusByPath.put(path, status);
    }

    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
