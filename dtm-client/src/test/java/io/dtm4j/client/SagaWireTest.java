package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.client.support.FakeDtmServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SagaWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    record Transfer(int amount) {
    }

    @Test
    void submitSendsTheSpecBodyField() throws Exception {
        dtm.success();

        String gid = dtm.client().saga("g-1")
                .add("http://rm/TransOut", "http://rm/TransOutRevert", new Transfer(30))
                .add("http://rm/TransIn", "http://rm/TransInRevert", new Transfer(30))
                .waitResult(true).retryInterval(Duration.ofSeconds(15)).timeoutToFail(Duration.ofSeconds(600))
                .branchHeader("x-token", "t")
                .submit();

        RecordedRequest request = dtm.take();
        assertThat(gid).isEqualTo("g-1");
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/api/dtmsvr/submit");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode expected = FakeDtmServer.json("""
                {"gid":"g-1","trans_type":"saga","wait_result":true,"timeout_to_fail":600,"retry_interval":15,
                 "branch_headers":{"x-token":"t"},"concurrent":false,
                 "steps":[{"action":"http://rm/TransOut","compensate":"http://rm/TransOutRevert"},
                          {"action":"http://rm/TransIn","compensate":"http://rm/TransInRevert"}],
                 "payloads":["{\\"amount\\":30}","{\\"amount\\":30}"],"protocol":"http"}""");
        assertThat(FakeDtmServer.json(request)).isEqualTo(expected);
    }

    @Test
    void omitsUnsetOptionsAndKeepsConcurrentAndProtocol() throws Exception {
        dtm.success();

        dtm.client().saga("g-2").add("http://rm/a", "", RawJson.of("{\"x\":1}")).submit();

        JsonNode body = FakeDtmServer.json(dtm.take());
        assertThat(body.fieldNames()).toIterable().containsExactly("gid", "trans_type", "concurrent", "steps",
                "payloads", "protocol");
        assertThat(body.get("payloads").get(0).asText()).isEqualTo("{\"x\":1}");
        assertThat(body.get("steps").get(0).get("compensate").asText()).isEmpty();
    }

    @Test
    void concurrentSagaCarriesItsOrdersInCustomData() throws Exception {
        dtm.success();

        dtm.client().saga("g-3")
                .add("http://rm/a", "http://rm/ac", 1).add("http://rm/b", "http://rm/bc", 2)
                .add("http://rm/c", "http://rm/cc", 3).add("http://rm/d", "http://rm/dc", 4)
                .concurrent().addBranchOrder(1, 0).addBranchOrder(3, 1, 2)
                .retryLimit(3).requestTimeout(Duration.ofMillis(1500))
                .submit();

        JsonNode body = FakeDtmServer.json(dtm.take());
        assertThat(FakeDtmServer.json(body.get("custom_data").asText()))
                .isEqualTo(FakeDtmServer.json("{\"concurrent\":true,\"orders\":{\"1\":[0],\"3\":[1,2]}}"));
        assertThat(body.get("concurrent").asBoolean()).isFalse();
        assertThat(body.get("retry_limit").asInt()).isEqualTo(3);
        assertThat(body.get("request_timeout").asLong()).as("rounded up to whole seconds").isEqualTo(2);
    }

    @Test
    void fetchesAGidFromTheServerWhenNoneWasGiven() throws Exception {
        dtm.answer(200, "{\"gid\":\"srv-gid-1\",\"dtm_result\":\"SUCCESS\"}").success();

        String gid = dtm.client().saga().add("http://rm/a", "http://rm/b", Map.of()).submit();

        RecordedRequest newGid = dtm.take();
        assertThat(newGid.getMethod()).isEqualTo("GET");
        assertThat(newGid.getPath()).isEqualTo("/api/dtmsvr/newGid");
        assertThat(gid).isEqualTo("srv-gid-1");
        assertThat(FakeDtmServer.json(dtm.take()).get("gid").asText()).isEqualTo("srv-gid-1");
    }

    @Test
    void aStringPayloadIsSentAsAJsonStringLikeTheGoClient() throws Exception {
        dtm.success();

        dtm.client().saga("g-4").add("http://rm/a", "", "abc").add("http://rm/b", "", null).submit();

        assertThat(FakeDtmServer.json(dtm.take()).get("payloads")).containsExactly(
                FakeDtmServer.json("\"\\\"abc\\\"\""), FakeDtmServer.json("\"null\""));
    }

    @Test
    void aRejectedSubmitThrowsAFailureNamingTheGidAndBody() {
        dtm.answer(409,
                "{\"dtm_result\":\"FAILURE\",\"message\":\"current status 'failed', cannot sumbmit. FAILURE\"}");

        assertThatThrownBy(() -> dtm.client().saga("done-1").add("http://rm/a", "", 1).submit())
                .isInstanceOfSatisfying(DtmFailureException.class, e -> {
                    assertThat(e.gid()).isEqualTo("done-1");
                    assertThat(e.op()).isEqualTo("submit");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.body()).contains("cannot sumbmit");
                })
                .hasMessageContaining("gid='done-1'")
                .hasMessageContaining("answered FAILURE (HTTP 409)")
                .hasMessageContaining("not retried");
    }

    @Test
    void invalidUrlsAndPayloadsFailBeforeAnythingIsSent() {
        Saga saga = dtm.client().saga("g-bad");

        assertThatThrownBy(() -> saga.add("  ", "", 1)).isInstanceOf(DtmException.class)
                .hasMessageContaining("saga action of step 0 URL '  ' of gid 'g-bad' is invalid")
                .hasMessageContaining("nothing was sent");
        assertThatThrownBy(() -> saga.add("http://rm/a", "rm/comp", 1))
                .hasMessageContaining("'rm/comp'").hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> saga.add("http://rm/a", "", new Object()))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("cannot serialise the payload of saga step 0 of gid 'g-bad'")
                .hasMessageContaining("RawJson.of");
        assertThat(dtm.requestCount()).isZero();
    }

    @Test
    void branchOrdersNeedAConcurrentSagaAndExistingSteps() {
        Saga notConcurrent = dtm.client().saga("g-o").add("http://rm/a", "", 1).add("http://rm/b", "", 1)
                .addBranchOrder(1, 0);
        assertThatThrownBy(notConcurrent::submit).hasMessageContaining("is not concurrent")
                .hasMessageContaining("call concurrent()");

        Saga outOfRange = dtm.client().saga("g-o2").add("http://rm/a", "", 1).concurrent().addBranchOrder(1, 0);
        assertThatThrownBy(outOfRange::submit).hasMessageContaining("names step 1, but the saga has steps 0..0");
        assertThat(dtm.requestCount()).isZero();
    }

    @Test
    void optionsAreImmutableValuesWithCopyBuilders() {
        TransOptions base = TransOptions.builder().waitResult(true).branchHeader("a", "1").build();
        TransOptions changed = base.newBuilder().retryLimit(2).build();

        assertThat(base.retryLimit()).isZero();
        assertThat(changed.waitResult()).isTrue();
        assertThat(changed.branchHeaders()).isEqualTo(Map.of("a", "1"));
        assertThatThrownBy(() -> base.branchHeaders().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> TransOptions.builder().timeoutToFail(Duration.ZERO))
                .hasMessageContaining("timeoutToFail must be positive");
        assertThat(List.of(base, changed)).doesNotHaveDuplicates();
    }

    @Test
    void aWaitResultAnswerThatCannotBeCheckedIsReportedAsUnknownNotAsFailed() {
        dtm.answer(409, "{\"dtm_result\":\"FAILURE\",\"message\":\"wait result not return success\"}")
                .answer(500, "{\"message\":\"store down\"}");

        assertThatThrownBy(() -> dtm.client().saga("s-unknown").waitResult(true)
                .add(dtm.url("/a"), dtm.url("/b"), 1).submit())
                .isExactlyInstanceOf(DtmTransactionException.class)
                .satisfies(e -> assertThat(((DtmTransactionException) e).status()).isEqualTo(TransStatus.UNKNOWN))
                .hasMessageContaining("saga gid 's-unknown': the outcome is not known")
                .hasMessageContaining("query the gid later, before treating it as failed");
    }

    @Test
    void aWaitResultSubmitRefusedWithNoRecordIsReportedAsNotStored() {
        dtm.answer(409, "{\"dtm_result\":\"FAILURE\"}").answer(200, "{\"branches\":[]}");

        assertThatThrownBy(() -> dtm.client().saga("s-none").waitResult(true)
                .add(dtm.url("/a"), dtm.url("/b"), 1).submit())
                .isExactlyInstanceOf(DtmTransactionException.class)
                .hasMessageContaining("saga gid 's-none' is unknown to the server")
                .hasMessageContaining("the server refused it, so nothing was stored and nothing will run");
    }
}
