package io.dtm4j.test;

import io.dtm4j.client.AllQuery;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransactionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The operator endpoints the test server uses on itself. */
final class Admin {

    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType JSON = MediaType.get("application/json");

    private Admin() {
    }

    /**
     * Force-stops every prepared, submitted or aborting transaction, a page at a time, until none is left or a pass
     * stops none (a transaction finishing meanwhile answers a failure, which is fine).
     */
    static void forceStopUnfinished(DtmClient client, String url) {
        for (TransStatus status : List.of(TransStatus.PREPARED, TransStatus.SUBMITTED, TransStatus.ABORTING)) {
            while (true) {
                List<TransactionInfo> left = client.all(AllQuery.builder().status(status).limit(100).build())
                        .transactions();
                int stopped = 0;
                for (TransactionInfo t : left) {
                    String body = client.objectMapper().createObjectNode().put("gid", t.gid()).toString();
                    try (Response r = post(url + "/forceStop", body)) {
                        stopped += r.isSuccessful() ? 1 : 0;
                    }
                }
                if (left.isEmpty() || stopped == 0) {
                    break;
                }
            }
        }
    }

    static int resetCronTime(DtmClient client, String url) {
        try (Response r = post(url + "/resetCronTime?timeout=0&limit=10000", "{}")) {
            String body = r.body() == null ? "" : r.body().string();
            return client.objectMapper().readTree(body).path("succeed_count").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("resetCronTime failed on the test server " + url + ": " + e, e);
        }
    }

    private static Response post(String url, String json) {
        try {
            return HTTP.newCall(new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build()).execute();
        } catch (IOException e) {
            throw new UncheckedIOException("the test server at " + url + " did not answer: " + e, e);
        }
    }
}
