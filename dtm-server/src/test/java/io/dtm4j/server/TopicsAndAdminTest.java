package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.ServerFixture;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topics (subscribe, fan-out, KV views) and the operator endpoints, over HTTP (spec §2, §6.7, §6.9). */
class TopicsAndAdminTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body) throws IOException {
        Request.Builder r = new Request.Builder().url(f.server.url() + path);
        if (method.equals("POST")) {
            r.post(RequestBody.create(body, MediaType.get("application/json")));
        } else if (method.equals("DELETE")) {
            r.delete();
        }
        try (Response resp = http.newCall(r.build()).execute()) {
            return new Answer(resp.code(), mapper.readTree(resp.body().string()));
        }
    }

    private Answer subscribe(String topic, String url) throws IOException {
        return call("GET", "/subscribe?topic=" + topic + "&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + "&remark=r", null);
    }

    @Test
    void aTopicFansOutToEverySubscriberWithNumberedBranchIds() throws IOException {
        assertThat(subscribe("orders", f.url("/ship")).status()).isEqualTo(200);
        assertThat(subscribe("orders", f.url("/bill")).status()).isEqualTo(200);
        assertThat(subscribe("single", f.url("/only")).status()).isEqualTo(200);
        String gid = f.gid();

        f.client.msg(gid).addTopic("orders", 1).addTopic("single", 2).waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.query(gid).branches()).extracting(b -> b.branchId() + " " + b.url().replaceAll(".*/", ""))
                .containsExactly("01-01 ship", "01-02 bill", "02 only");
        assertThat(f.rm.paths()).containsExactly("/ship", "/bill", "/only");
    }

    @Test
    void subscriptionErrorsKvViewsAndDeletion() throws IOException {
        assertThat(subscribe("t1", f.url("/a")).status()).isEqualTo(200);
        Answer dup = subscribe("t1", f.url("/a"));
        assertThat(dup.status()).isEqualTo(500);
        assertThat(dup.body().path("message").asText()).isEqualTo("this url exists");
        assertThat(call("GET", "/subscribe?topic=&url=x", null).body().path("message").asText())
                .isEqualTo("empty topic");
        assertThat(call("GET", "/unsubscribe?topic=t1&url=nope", null).body().path("message").asText())
                .isEqualTo("no such an url ");
        assertThat(call("GET", "/unsubscribe?topic=none&url=x", null).body().path("message").asText())
                .isEqualTo("no such a topic");

        Answer kv = call("GET", "/queryKV?cat=topics&key=t1", null);
        assertThat(kv.body().path("kv")).hasSize(1);
        assertThat(kv.body().path("kv").get(0).path("v").asText()).contains(f.url("/a"));
        assertThat(call("GET", "/queryKV?cat=topics&key=zz", null).body().path("kv")).isEmpty();
        assertThat(call("GET", "/scanKV?cat=topics&limit=10", null).body().path("next_position").asText())
                .isEmpty();

        assertThat(call("GET", "/unsubscribe?topic=t1&url=" + URLEncoder.encode(f.url("/a"),
                StandardCharsets.UTF_8), null).status()).isEqualTo(200);
        assertThat(call("GET", "/queryKV?cat=topics&key=t1", null).body().path("kv").get(0).path("v").asText())
                .as("unsubscribing the last URL leaves an empty list").isEqualTo("[]");
        assertThat(call("DELETE", "/topic/t1", null).status()).isEqualTo(200);
        Answer again = call("DELETE", "/topic/t1", null);
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.body().path("message").asText()).isEqualTo("storage: NotFound");
    }

    @Test
    void anUnknownTopicFailsTheSubmit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.client.msg(f.gid()).addTopic("ghost", 1).submit())
                .isInstanceOf(DtmException.class).hasMessageContaining("topic not found");
    }

    @Test
    void concurrentSubscribesNeverLoseAnAcceptedOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String url = f.url("/s" + i);
            results.add(pool.submit(() -> subscribe("busy", url).status()));
        }
        int ok = 0;
        for (Future<Integer> r : results) {
            ok += r.get(10, TimeUnit.SECONDS) == 200 ? 1 : 0;
        }
        pool.shutdown();

        JsonNode row = call("GET", "/queryKV?cat=topics&key=busy", null).body().path("kv").get(0);
        assertThat(mapper.readTree(row.path("v").asText())).hasSize(ok);
        assertThat(row.path("version").asLong()).isEqualTo(ok);
    }

    @Test
    void forceStopResetNextCronTimeAndResetCronTime() throws IOException {
        String gid = f.gid();
        f.rm.next("/TransOut", "ERROR", "ERROR");
        f.client.saga(gid).add(f.url("/TransOut"), "", 1).submit();
        f.awaitRound(gid);

        assertThat(f.server.runCronOnce()).as("backing off").isFalse();
        assertThat(call("POST", "/resetNextCronTime", "{\"gid\":\"" + gid + "\"}").status()).isEqualTo(200);
        f.clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(f.server.runCronOnce()).as("due again at once").isTrue();

        Answer reset = call("GET", "/resetCronTime?timeout=1&limit=100", null);
        assertThat(reset.body().path("succeed_count").asLong()).isEqualTo(1);
        assertThat(reset.body().path("has_remaining").asBoolean()).isFalse();

        assertThat(call("POST", "/forceStop", "{\"gid\":\"" + gid + "\"}").status()).isEqualTo(200);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        Answer again = call("POST", "/forceStop", "{\"gid\":\"" + gid + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("message").asText()).contains("status: failed");
    }

    @Test
    void resetCronTimeTouchesOnlyFarRowsAndAtMostLimitAndForceStopRefusesAFinishedSaga() throws IOException {
        java.util.List<String> far = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String gid = f.gid();
            f.rm.next("/e" + i, "ERROR");
            f.client.saga(gid).add(f.url("/e" + i), "", 1).submit();
            f.awaitRound(gid);
            far.add(gid);
        }
        String near = f.gid();
        f.rm.next("/o", "ONGOING");
        f.client.saga(near).add(f.url("/o"), "", 1).submit();
        f.awaitRound(near);
        java.time.Instant nearNext = f.query(near).transaction().orElseThrow().nextCronTime();

        Answer first = call("GET", "/resetCronTime?timeout=15&limit=2", null);
        Answer second = call("GET", "/resetCronTime?timeout=15&limit=2", null);

        assertThat(first.body().path("succeed_count").asLong()).isEqualTo(2);
        assertThat(first.body().path("has_remaining").asBoolean()).isTrue();
        assertThat(second.body().path("succeed_count").asLong()).isEqualTo(1);
        assertThat(second.body().path("has_remaining").asBoolean()).isFalse();
        assertThat(far).allSatisfy(gid -> assertThat(f.query(gid).transaction().orElseThrow().nextCronTime())
                .isEqualTo(f.clock.instant()));
        assertThat(f.query(near).transaction().orElseThrow().nextCronTime()).as("within the timeout: untouched")
                .isEqualTo(nearNext);

        String done = f.gid();
        f.client.saga(done).add("", "", 1).waitResult(true).submit();
        Answer stop = call("POST", "/forceStop", "{\"gid\":\"" + done + "\"}");
        assertThat(stop.status()).isEqualTo(409);
        assertThat(stop.body().path("message").asText()).contains("status: succeed");
        assertThat(f.status(done)).isEqualTo(TransStatus.SUCCEED);
    }
}
