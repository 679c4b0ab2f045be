package io.dtm4j.server.abuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain HTTP calls to a server under test, answers read whatever their status. */
final class Raw {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, String text) {
        JsonNode json() {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }
    }

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
            .retryOnConnectionFailure(false).build();
    private final String base;

    Raw(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String path) {
        return send(new Request.Builder().url(base + path).build());
    }

    Answer post(String path, String body) {
        return send(new Request.Builder().url(base + path).post(RequestBody.create(body,
                MediaType.get("application/json"))).build());
    }

    Answer send(Request request) {
        try (Response r = http.newCall(request).execute()) {
            return new Answer(r.code(), r.body() == null ? "" : r.body().string());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.url() + " failed: " + e, e);
        }
    }

    /** Whether the gid is stored. */
    boolean stored(String gid) {
        Answer a = get("/api/dtmsvr/query?gid=" + java.net.URLEncoder.encode(gid,
                java.nio.charset.StandardCharsets.UTF_8));
        return a.status() == 200 && !a.json().path("transaction").isNull();
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
