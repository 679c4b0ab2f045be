package io.dtm4j.server.internal.engine;

import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls a branch the way the official server does (spec §4.1, §4.2): empty URL is SUCCESS without a call; POST
 * when the payload is non-empty or the mode is XA, GET otherwise; {@code gid}, {@code trans_type},
 * {@code branch_id}, {@code op} added to the URL's query; {@code Content-Type: application/json} and the
 * transaction's branch headers; the payload bytes as the body; the result by the rule of spec §1.2.
 */
final class BranchInvoker {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    BranchInvoker(OkHttpClient http) {
        this.http = http;
    }

    /** The outcome of one call, with the text DTM keeps as a reason. */
    record Outcome(DtmResult result, String message) {
        static final Outcome SUCCESS = new Outcome(DtmResult.SUCCESS, "");
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
        Request.Builder request = new Request.Builder().url(target.build()).header("Content-Type",
                "application/json").header("Accept", "application/json");
        headers.forEach(request::header);
        if (method.equals("POST")) {
            request.post(RequestBody.create(body, JSON));
        } else {
            request.get();
        }
        okhttp3.Call call = http.newCall(request.build());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            ResponseBody rb = response.body();
            String text = rb == null ? "" : rb.string();
            DtmResult result = DtmResult.of(response.code(), text);
            return result == DtmResult.SUCCESS ? Outcome.SUCCESS
                    : new Outcome(result, "url:" + url + " return failed: " + text.strip());
        } catch (IOException e) {
            return new Outcome(DtmResult.ERROR, "url:" + url + " call failed: " + e);
        }
    }
}
