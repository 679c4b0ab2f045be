package io.dtm4j.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP branch service for the starter's tests: records calls (path?gid&op) and answers as told. */
final class Rm implements AutoCloseable {

    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> answers = new ConcurrentHashMap<>();

    Rm() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            calls.add(path);
            ConcurrentLinkedQueue<Integer> queue = answers.get(path);
            Integer status = queue == null ? null : queue.poll();
            int code = status == null ? 200 : status;
            String result = code == 200 ? "SUCCESS" : code == 409 ? "FAILURE" : code == 425 ? "ONGOING" : "ERROR";
            byte[] body = ("{\"dtm_result\":\"" + result + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers of a path, as HTTP statuses (409 FAILURE, 425 ONGOING, 500 error). */
    Rm next(String path, Integer... statuses) {
        answers.computeIfAbsent(path, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
        return this;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
