package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert webhook (spec §7.2): after a transient branch error, the retry count is {@code floor(log2(interval /
 * reset))}; from {@code AlertRetryLimit} on, the server POSTs {@code {"gid","status","branch","error",
 * "retry_count"}} to {@code AlertWebHook}, asynchronously; a failing hook is only logged.
 */
final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    private final OkHttpClient http;
    private final String url;
    private final int retryLimit;

    Alerts(OkHttpClient http, String url, int retryLimit) {
        if (!url.isEmpty() && okhttp3.HttpUrl.parse(url) == null) {
            throw new IllegalArgumentException("AlertWebHook '" + url + "' is not an http(s) URL (set AlertWebHook /"
                    + " ALERT_WEB_HOOK to a full URL such as http://host:8080/alert, or leave it empty)");
        }
        this.http = http;
        this.url = url;
        this.retryLimit = retryLimit;
    }

    void afterError(Trans t, String branchUrl, String error, long resetInterval) {
        if (url.isEmpty() || resetInterval <= 0) {
            return;
        }
        long interval;
        String gid;
        String status;
        synchronized (t) {
            interval = t.g.nextCronInterval;
            gid = t.g.gid;
            status = t.g.status.wire();
        }
        long retryCount = 63 - Long.numberOfLeadingZeros(Math.max(1, interval / resetInterval));
        if (retryCount < retryLimit) {
            return;
        }
        ObjectNode body = MAPPER.createObjectNode().put("gid", gid).put("status", status).put("branch", branchUrl)
                .put("error", error == null ? "" : error).put("retry_count", retryCount);
        Request request = new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON)).build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                log.warn("gid {}: alert webhook {} failed: {}", gid, url, e.toString());
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (!response.isSuccessful()) {
                        log.warn("gid {}: alert webhook {} answered HTTP {}", gid, url, response.code());
                    }
                }
            }
        });
    }
}
