package io.dtm4j.client.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.DtmClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer standing in for the DTM server (and for branches) in wire-shape tests: answers are queued in
 * order, requests are taken in order and checked field by field.
 */
public final class FakeDtmServer implements BeforeEachCallback, AfterEachCallback {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.shutdown();
    }

    public DtmClient client() {
        return DtmClient.create(apiUrl());
    }

    public String apiUrl() {
        return server.url("/api/dtmsvr").toString();
    }

    public String url(String path) {
        return server.url(path).toString();
    }

    public FakeDtmServer success() {
        return answer(200, "{\"dtm_result\":\"SUCCESS\"}");
    }

    public FakeDtmServer answer(int status, String body) {
        server.enqueue(new MockResponse().setResponseCode(status).setBody(body)
                .setHeader("Content-Type", "application/json"));
        return this;
    }

    /** Answers every request with SUCCESS, whatever arrives and in whatever order (for concurrent callers). */
    public FakeDtmServer alwaysSucceed() {
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("{\"dtm_result\":\"SUCCESS\"}");
            }
        });
        return this;
    }

    public FakeDtmServer enqueue(MockResponse response) {
        server.enqueue(response);
        return this;
    }

    public RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("expected another request, but none arrived within 5 s");
        }
        return request;
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    public static JsonNode json(RecordedRequest request) throws IOException {
        return MAPPER.readTree(request.getBody().clone().readUtf8());
    }

    public static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
