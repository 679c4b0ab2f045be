package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls a branch the way the official server does (spec §4.1-§4.3): empty URL is SUCCESS without a call; POST
 * when the payload is non-empty or the mode is XA, GET otherwise; {@code gid}, {@code trans_type},
 * {@code branch_id}, {@code op} added to the URL's query; {@code Content-Type: application/json} and the
 * transaction's branch headers; the payload bytes as the body; the result by the rule of spec §1.2. JSON-RPC
 * transactions call URLs naming a {@code method} with a JSON-RPC request instead.
 */
final class BranchInvoker {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    private final OkHttpClient http;

    BranchInvoker(OkHttpClient http) {
        this.http = http;
    }

    /** The outcome of one call, with the text DTM keeps as a reason. */
    record Outcome(DtmResult result, String message, int httpStatus) {
        static final Outcome SUCCESS = new Outcome(DtmResult.SUCCESS, "", 200);

        Outcome(DtmResult result, String message) {
            this(result, message, 0);
        }
    }

    /** The most of a branch's answer the server reads: enough for DTM's result words (spec §1.2). */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private record Answer(int status, String body, String transportError) {
    }

    Outcome call(String url, String method, byte[] body, Map<String, String> query, Map<String, String> headers,
            Duration timeout) {
        if (url == null || url.isEmpty()) {
            return Outcome.SUCCESS;
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return new Outcome(DtmResult.ERROR, "url:" + url + " is not an http(s) URL");
        }
        HttpUrl.Builder target = parsed.newBuilder();
        query.forEach(target::addQueryParameter);
        Answer answer = exchange(target.build(), method, body, headers, timeout);
        return classify(url, answer);
    }

    /**
     * A branch of a JSON-RPC transaction whose URL names a {@code method} (spec §4.3): a JSON-RPC request whose
     * params are the payload object plus gid, trans_type, branch_id and op; error -32901 is FAILURE, -32902
     * ONGOING, any other error a transient one.
     */
    Outcome callJsonRpc(String url, byte[] body, Map<String, String> query, Map<String, String> headers,
            Duration timeout) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return new Outcome(DtmResult.ERROR, "url:" + url + " is not an http(s) URL");
        }
        ObjectNode params;
        try {
            JsonNode payload = body.length == 0 ? null : MAPPER.readTree(body);
            params = payload instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        } catch (IOException e) {
            params = MAPPER.createObjectNode();
        }
        query.forEach(params::put);
        ObjectNode request = MAPPER.createObjectNode().put("jsonrpc", "2.0")
                .put("method", parsed.queryParameter("method")).put("id", UUID.randomUUID().toString());
        request.set("params", params);
        Answer answer = exchange(parsed, "POST", request.toString().getBytes(StandardCharsets.UTF_8), headers,
                timeout);
        Outcome outcome = classify(url, answer);
        if (outcome.result() != DtmResult.SUCCESS) {
            return outcome;
        }
        try {
            JsonNode error = MAPPER.readTree(answer.body()).path("error");
            if (error.isMissingNode() || error.isNull()) {
                return Outcome.SUCCESS;
            }
            int code = error.path("code").asInt();
            DtmResult result = code == -32901 ? DtmResult.FAILURE : code == -32902 ? DtmResult.ONGOING
                    : DtmResult.ERROR;
            return new Outcome(result, "url:" + url + " return failed: " + error);
        } catch (IOException e) {
            return new Outcome(DtmResult.ERROR, "url:" + url + " answered a body that is not JSON-RPC: "
                    + answer.body());
        }
    }

    private Answer exchange(HttpUrl url, String method, byte[] body, Map<String, String> headers,
            Duration timeout) {
        Request.Builder request = new Request.Builder().url(url).header("Content-Type", "application/json")
                .header("Accept", "application/json");
        try {
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            return new Answer(0, "", "a branch header cannot be sent: " + e.getMessage());
        }
        if (method.equals("POST")) {
            request.post(RequestBody.create(body, JSON));
        } else {
            request.get();
        }
        okhttp3.Call call;
        try {
            call = http.newCall(request.build());
        } catch (IllegalArgumentException e) {
            return new Answer(0, "", "the request cannot be sent: " + e.getMessage());
        }
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            return new Answer(response.code(), readBounded(response.body()), null);
        } catch (IOException e) {
            return new Answer(0, "", e.toString());
        }
    }

    private static String readBounded(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        okio.BufferedSource source = body.source();
        source.request(MAX_ANSWER_BYTES);
        long n = Math.min(MAX_ANSWER_BYTES, source.getBuffer().size());
        return source.getBuffer().readUtf8(n);
    }

    private static Outcome classify(String url, Answer answer) {
        if (answer.transportError() != null) {
            return new Outcome(DtmResult.ERROR, "url:" + url + " call failed: " + answer.transportError());
        }
        DtmResult result = DtmResult.of(answer.status(), answer.body());
        return result == DtmResult.SUCCESS ? Outcome.SUCCESS
                : new Outcome(result, "url:" + url + " return failed: " + answer.body().strip(), answer.status());
    }
}
