package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.AllQuery;
import io.dtm4j.client.TransPage;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.server.support.ServerFixture;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API's plain endpoints, paging and bad input, spoken to directly over HTTP. */
class ApiConformanceTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    private Answer get(String path) throws IOException {
        return send(new Request.Builder().url(f.server.url() + path).build());
    }

    private Answer post(String path, String body) throws IOException {
        return send(new Request.Builder().url(f.server.url() + path)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());
    }

    private Answer send(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            return new Answer(r.code(), mapper.readTree(r.body().string()));
        }
    }

    @Test
    void versionPingAndNewGid() throws IOException {
        assertThat(get("/version").body().path("version").asText()).startsWith("v");
        try (Response r = http.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + f.server.port() + "/api/ping").build()).execute()) {
            assertThat(r.body().string()).isEqualTo("{\"msg\":\"pong\"}");
        }
        Answer gid = get("/newGid");
        assertThat(gid.body().path("dtm_result").asText()).isEqualTo("SUCCESS");
        assertThat(gid.body().path("gid").asText()).hasSize(22).matches("[2-9A-HJ-NP-Za-km-z]+");
        assertThat(f.client.newGid()).isNotEqualTo(gid.body().path("gid").asText());
    }

    @Test
    void metricsUseTheOfficialNamesInThePrometheusFormat() throws IOException {
        f.client.saga(f.gid()).add("", "", 1).waitResult(true).submit();
        f.client.newGid();

        String text;
        try (Response r = http.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + f.server.port() + "/api/metrics").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            text = r.body().string();
        }

        assertThat(text).contains("dtm_server_info{")
                .contains("dtm_server_process_total{type=\"http\",api=\"submit\",status=\"ok\"} 1")
                .contains("dtm_server_process_total{type=\"http\",api=\"newgid\",status=\"ok\"} 1")
                .contains("dtm_server_response_duration_bucket{type=\"http\",api=\"submit\",le=\"+Inf\"} 1")
                .contains("dtm_transaction_process_total{model=\"saga\",status=\"ok\"} 1")
                .contains("dtm_transaction_handled_duration_count{model=\"saga\"} 1")
                .contains("# TYPE dtm_server_response_duration histogram");
    }

    @Test
    void badInputGetsA400WithTheRemedyAndStoresNothing() throws IOException {
        Answer malformed = post("/submit", "{\"gid\": \"x\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("message").asText()).contains("needs a JSON object body")
                .contains("send valid JSON");

        Answer noGid = post("/submit", "{\"trans_type\":\"saga\"}");
        assertThat(noGid.status()).isEqualTo(400);
        assertThat(noGid.body().path("message").asText()).contains("field 'gid'").contains("is required")
                .contains("newGid");

        Answer badType = post("/submit", "{\"gid\":\"bad-1\",\"trans_type\":\"sagaa\"}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body().path("message").asText()).contains("field 'trans_type' = \"sagaa\"")
                .contains("gid 'bad-1'");

        f.client.prepare(io.dtm4j.client.TransRequest.builder("bad-2", TransType.TCC).build());
        Answer numeric = post("/registerBranch", "{\"gid\":\"bad-2\",\"trans_type\":\"tcc\",\"branch_id\":1}");
        assertThat(numeric.status()).isEqualTo(400);
        assertThat(numeric.body().path("message").asText()).contains("field 'branch_id' = 1")
                .contains("must be a JSON string");

        assertThat(f.query("bad-1").transaction()).isEmpty();
        assertThat(f.query("bad-2").branches()).isEmpty();
    }

    @Test
    void queryAndAbortOfUnknownOrWrongTransactions() throws IOException {
        assertThat(get("/query?gid=").status()).as("official: 500 no gid specified").isEqualTo(400);
        Answer unknown = get("/query?gid=nope");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().path("transaction").isNull()).isTrue();
        assertThat(unknown.body().path("branches")).isEmpty();

        Answer abortUnknown = post("/abort", "{\"gid\":\"nope\",\"trans_type\":\"tcc\"}");
        assertThat(abortUnknown.status()).isEqualTo(500);
        assertThat(abortUnknown.body().path("message").asText()).isEqualTo("no TransGlobal with gid: nope found");

        String gid = f.gid();
        f.client.saga(gid).add("", "", 1).waitResult(true).submit();
        Answer abortSaga = post("/abort", "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\"}");
        assertThat(abortSaga.status()).isEqualTo(409);
        assertThat(abortSaga.body().path("message").asText())
                .isEqualTo("trans type: 'saga' current status 'succeed', cannot abort. FAILURE");
    }

    @Test
    void allPagesNewestFirstAndFilters() {
        java.util.List<String> gids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String gid = f.gid();
            gids.add(0, gid);
            f.client.saga(gid).add("", "", i).waitResult(true).submit();
        }

        TransPage first = f.client.all(AllQuery.builder().limit(2).build());
        TransPage second = f.client.all(AllQuery.builder().limit(2).position(first.nextPosition()).build());

        assertThat(first.transactions()).hasSize(2);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.transactions()).hasSize(1);
        assertThat(second.hasMore()).isFalse();
        java.util.List<String> seen = new java.util.ArrayList<>();
        first.transactions().forEach(t -> seen.add(t.gid()));
        second.transactions().forEach(t -> seen.add(t.gid()));
        assertThat(seen).as("newest first").isEqualTo(gids);
        assertThat(f.client.all(AllQuery.builder().gid("nope").build()).transactions()).isEmpty();
        assertThat(f.client.all(AllQuery.builder().status(TransStatus.FAILED).build()).transactions()).isEmpty();
        assertThat(f.client.all(AllQuery.builder().transType(TransType.SAGA).build()).transactions()).hasSize(3);
    }
}
