package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.client.support.FakeDtmServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MsgWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    @Test
    void prepareCarriesStepsAndTheBackCheckUrl() throws Exception {
        dtm.success();

        dtm.client().msg("m-1").add("http://rm/TransIn", RawJson.of("{\"amount\":30}")).addTopic("orders", 5)
                .prepare("http://rm/queryPrepared");

        RecordedRequest prepare = dtm.take();
        assertThat(prepare.getPath()).isEqualTo("/api/dtmsvr/prepare");
        assertThat(FakeDtmServer.json(prepare)).isEqualTo(FakeDtmServer.json("""
                {"gid":"m-1","trans_type":"msg","concurrent":false,
                 "steps":[{"action":"http://rm/TransIn"},{"action":"topic://orders"}],
                 "payloads":["{\\"amount\\":30}","5"],"query_prepared":"http://rm/queryPrepared",
                 "protocol":"http"}"""));
    }

    @Test
    void submitAddsTheDelayAndConcurrency() throws Exception {
        dtm.success();

        dtm.client().msg("m-2").add("http://rm/a", 1).delay(Duration.ofSeconds(10)).concurrent(true).submit();

        JsonNode body = FakeDtmServer.json(dtm.take());
        assertThat(body.get("custom_data").asText()).isEqualTo("{\"delay\":10}");
        assertThat(body.get("concurrent").asBoolean()).isTrue();
        assertThat(body.has("query_prepared")).isFalse();
    }

    @Test
    void doAndSubmitSubmitsAfterTheLocalWork() throws Exception {
        dtm.success().success();
        AtomicReference<BranchContext> seen = new AtomicReference<>();

        dtm.client().msg("m-3").add("http://rm/a", 1).doAndSubmit("http://rm/qp", seen::set);

        assertThat(seen.get()).isEqualTo(new BranchContext("msg", "m-3", "00", "msg", dtm.apiUrl(), null));
        assertThat(dtm.take().getPath()).endsWith("/prepare");
        assertThat(dtm.take().getPath()).endsWith("/submit");
    }

    @Test
    void doAndSubmitAbortsOnABusinessFailureAndRethrowsIt() throws Exception {
        dtm.success().success();

        assertThatThrownBy(() -> dtm.client().msg("m-4").add("http://rm/a", 1).doAndSubmit("http://rm/qp", b -> {
            throw new DtmFailureException("out of stock");
        })).isInstanceOf(DtmFailureException.class).hasMessage("out of stock");

        assertThat(dtm.take().getPath()).endsWith("/prepare");
        RecordedRequest abort = dtm.take();
        assertThat(abort.getPath()).endsWith("/abort");
        assertThat(FakeDtmServer.json(abort).get("trans_type").asText()).isEqualTo("msg");
        assertThat(dtm.requestCount()).isEqualTo(2);
    }

    @Test
    void anUnknownLocalErrorAsksQueryPreparedAndSubmitsWhenItCommittedAnyway() throws Exception {
        dtm.success().answer(200, "{\"dtm_result\":\"SUCCESS\"}").success();

        assertThatThrownBy(() -> dtm.client().msg("m-5").add("http://rm/a", 1)
                .doAndSubmit(dtm.url("/rm/qp"), b -> {
                    throw new IllegalStateException("connection reset after commit");
                })).isInstanceOf(IllegalStateException.class);

        dtm.take();
        RecordedRequest query = dtm.take();
        HttpUrl url = query.getRequestUrl();
        assertThat(query.getMethod()).isEqualTo("GET");
        assertThat(url.encodedPath()).isEqualTo("/rm/qp");
        assertThat(url.queryParameter("gid")).isEqualTo("m-5");
        assertThat(url.queryParameter("branch_id")).isEqualTo("00");
        assertThat(url.queryParameter("trans_type")).isEqualTo("msg");
        assertThat(url.queryParameter("op")).isEqualTo("msg");
        assertThat(url.queryParameter("dtm")).isEqualTo(dtm.apiUrl());
        assertThat(dtm.take().getPath()).endsWith("/submit");
    }

    @Test
    void anUnknownLocalErrorAbortsWhenQueryPreparedSaysFailure() throws Exception {
        dtm.success().answer(409, "{\"dtm_result\":\"FAILURE\"}").success();

        assertThatThrownBy(() -> dtm.client().msg("m-6").add("http://rm/a", 1)
                .doAndSubmit(dtm.url("/rm/qp"), b -> {
                    throw new IllegalStateException("lost");
                })).isInstanceOf(IllegalStateException.class);

        dtm.take();
        dtm.take();
        assertThat(dtm.take().getPath()).endsWith("/abort");
    }

    @Test
    void anUnclearBackCheckLeavesTheDecisionToTheServer() throws Exception {
        dtm.success().answer(425, "{\"dtm_result\":\"ONGOING\"}");

        assertThatThrownBy(() -> dtm.client().msg("m-7").add("http://rm/a", 1)
                .doAndSubmit(dtm.url("/rm/qp"), b -> {
                    throw new java.io.IOException("timeout");
                })).isInstanceOf(DtmException.class).hasCauseInstanceOf(java.io.IOException.class)
                .hasMessageContaining("msg gid 'm-7'");

        dtm.take();
        dtm.take();
        assertThat(dtm.requestCount()).as("neither submit nor abort").isEqualTo(2);
    }

    @Test
    void aFailedPrepareNeverRunsTheLocalWork() {
        dtm.answer(500, "{\"message\":\"db down\"}");
        AtomicReference<BranchContext> seen = new AtomicReference<>();

        assertThatThrownBy(() -> dtm.client().msg("m-8").add("http://rm/a", 1).doAndSubmit("http://rm/qp", seen::set))
                .isInstanceOf(DtmException.class).hasMessageContaining("failed with HTTP 500");
        assertThat(seen.get()).isNull();
    }

    @Test
    void queryPreparedIsRequired() {
        assertThatThrownBy(() -> dtm.client().msg("m-9").add("http://rm/a", 1).prepare(""))
                .hasMessageContaining("msg query-prepared URL '' of gid 'm-9' is invalid");
        assertThatThrownBy(() -> dtm.client().msg("m-9").addTopic(" ", 1)).hasMessageContaining("topic");
    }
}
