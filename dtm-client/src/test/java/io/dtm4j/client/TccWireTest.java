package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.client.support.FakeDtmServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TccWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    record Transfer(int amount) {
    }

    @Test
    void preparesRegistersCallsTheTryThenSubmits() throws Exception {
        dtm.success().success().answer(200, "{\"dtm_result\":\"SUCCESS\",\"balance\":70}").success();
        TransOptions options = TransOptions.builder().branchHeader("x-trace", "t1").build();
        List<BranchResponse> responses = new ArrayList<>();

        String gid = dtm.client().tcc("tcc-1", options, tcc -> responses.add(tcc.callBranch(new Transfer(30),
                dtm.url("/rm/try"), dtm.url("/rm/confirm"), dtm.url("/rm/cancel"))));

        assertThat(gid).isEqualTo("tcc-1");
        RecordedRequest prepare = dtm.take();
        assertThat(prepare.getPath()).isEqualTo("/api/dtmsvr/prepare");
        assertThat(FakeDtmServer.json(prepare)).isEqualTo(FakeDtmServer.json("""
                {"gid":"tcc-1","trans_type":"tcc","branch_headers":{"x-trace":"t1"},"concurrent":false,
                 "protocol":"http"}"""));

        RecordedRequest register = dtm.take();
        assertThat(register.getPath()).isEqualTo("/api/dtmsvr/registerBranch");
        assertThat(FakeDtmServer.json(register)).isEqualTo(FakeDtmServer.json(
                "{\"gid\":\"tcc-1\",\"branch_id\":\"01\",\"trans_type\":\"tcc\",\"status\":\"prepared\","
                + "\"data\":\"{\\\"amount\\\":30}\",\"confirm\":\"" + dtm.url("/rm/confirm") + "\",\"cancel\":\""
                + dtm.url("/rm/cancel") + "\"}"));
        assertAllValuesAreStrings(FakeDtmServer.json(register));

        RecordedRequest tryCall = dtm.take();
        HttpUrl tryUrl = tryCall.getRequestUrl();
        assertThat(tryCall.getMethod()).isEqualTo("POST");
        assertThat(tryUrl.encodedPath()).isEqualTo("/rm/try");
        assertThat(tryUrl.queryParameter("gid")).isEqualTo("tcc-1");
        assertThat(tryUrl.queryParameter("trans_type")).isEqualTo("tcc");
        assertThat(tryUrl.queryParameter("branch_id")).isEqualTo("01");
        assertThat(tryUrl.queryParameter("op")).isEqualTo("try");
        assertThat(tryUrl.queryParameter("dtm")).isEqualTo(dtm.apiUrl());
        assertThat(tryCall.getHeader("x-trace")).isEqualTo("t1");
        assertThat(tryCall.getBody().readUtf8()).isEqualTo("{\"amount\":30}");
        assertThat(responses).containsExactly(new BranchResponse("01", 200,
                "{\"dtm_result\":\"SUCCESS\",\"balance\":70}"));

        RecordedRequest submit = dtm.take();
        assertThat(submit.getPath()).isEqualTo("/api/dtmsvr/submit");
        assertThat(FakeDtmServer.json(submit).get("gid").asText()).isEqualTo("tcc-1");
    }

    @Test
    void aFailedTryWhoseAbortFailsTooSaysTheServerRollsItBackAtItsTimeout() {
        dtm.success().success().answer(409, "{\"error\":\"insufficient balance\"}")
                .answer(400, "{\"message\":\"abort refused\"}");

        assertThatThrownBy(() -> dtm.client().tcc("tcc-3", TransOptions.defaults(), tcc -> tcc.callBranch(
                new Transfer(30), dtm.url("/rm/try"), dtm.url("/rm/confirm"), dtm.url("/rm/cancel"))))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.PREPARED);
                    assertThat(e.getSuppressed()).isNotEmpty();
                })
                .hasMessageContaining("tcc gid 'tcc-3' failed: branch 01 try answered")
                .hasMessageContaining("the abort could not be sent")
                .hasMessageContaining("stays 'prepared' until its timeout, when the server rolls it back");
    }

    @Test
    void aFailedTryAbortsWithTheErrorAsReasonAndRethrows() throws Exception {
        dtm.success().success().answer(409, "{\"error\":\"insufficient balance\"}").success();

        assertThatThrownBy(() -> dtm.client().tcc("tcc-2", TransOptions.defaults(), tcc -> tcc.callBranch(
                new Transfer(30), dtm.url("/rm/try"), dtm.url("/rm/confirm"), dtm.url("/rm/cancel"))))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.gid()).isEqualTo("tcc-2");
                    assertThat(e.branchId()).isEqualTo("01");
                    assertThat(e.op()).isEqualTo("try");
                    assertThat(e.status()).isEqualTo(TransStatus.ABORTING);
                    assertThat(e.isFinal()).isFalse();
                })
                .hasMessageContaining("tcc gid 'tcc-2' failed and is being rolled back (status 'aborting'): branch 01"
                        + " try answered '{\"error\":\"insufficient balance\"}'; the server runs the cancels")
                .cause().isInstanceOf(DtmFailureException.class)
                .hasMessageContaining("TCC try at " + dtm.url("/rm/try"));

        dtm.take();
        dtm.take();
        dtm.take();
        RecordedRequest abort = dtm.take();
        assertThat(abort.getPath()).isEqualTo("/api/dtmsvr/abort");
        JsonNode body = FakeDtmServer.json(abort);
        assertThat(body.get("gid").asText()).isEqualTo("tcc-2");
        assertThat(body.get("trans_type").asText()).isEqualTo("tcc");
        assertThat(body.get("rollback_reason").asText()).contains("insufficient balance");
        assertThat(dtm.requestCount()).as("no submit after the abort").isEqualTo(4);
    }

    @Test
    void aCheckedExceptionAbortsAndIsWrapped() throws Exception {
        dtm.success().success();

        assertThatThrownBy(() -> dtm.client().tcc("tcc-3", TransOptions.defaults(), tcc -> {
            throw new IOException("disk full");
        })).isInstanceOf(DtmException.class).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("tcc gid 'tcc-3': the callback threw java.io.IOException: disk full;"
                        + " the transaction was aborted");

        assertThat(dtm.take().getPath()).endsWith("/prepare");
        assertThat(FakeDtmServer.json(dtm.take()).get("rollback_reason").asText()).isEqualTo("disk full");
    }

    @Test
    void aFailedAbortIsKeptAsSuppressedBesideTheOriginalError() {
        dtm.success().answer(500, "{\"message\":\"db down\"}");

        assertThatThrownBy(() -> dtm.client().tcc("tcc-4", TransOptions.defaults(), tcc -> {
            throw new IllegalStateException("business said no");
        })).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("db down")));
    }

    @Test
    void nestedBranchesExtendTheCurrentBranchId() throws Exception {
        dtm.success().success().success().success();
        BranchContext incoming = new BranchContext("tcc", "tcc-5", "02", "try", dtm.apiUrl(), null);

        Tcc nested = Tcc.fromBranch(DtmClient.create("http://unused:1"), incoming);
        nested.callBranch(1, dtm.url("/rm/try2"), "", "");
        nested.callBranch(2, dtm.url("/rm/try3"), "", "");

        assertThat(FakeDtmServer.json(dtm.take()).get("branch_id").asText()).isEqualTo("0201");
        assertThat(dtm.take().getRequestUrl().queryParameter("branch_id")).isEqualTo("0201");
        assertThat(FakeDtmServer.json(dtm.take()).get("branch_id").asText()).isEqualTo("0202");
        assertThat(dtm.take().getRequestUrl().queryParameter("branch_id")).isEqualTo("0202");
    }

    @Test
    void aTooDeepParentIdIsRefusedBeforeRegistration() {
        Tcc tooDeep = Tcc.fromBranch(dtm.client(), new BranchContext("tcc", "g", "0101010101010101010101", "try",
                dtm.apiUrl(), null));

        assertThatThrownBy(() -> tooDeep.callBranch(1, dtm.url("/t"), "", ""))
                .hasMessageContaining("20+ characters");
        assertThat(dtm.requestCount()).isZero();
    }

    @Test
    void nestedBranchesNeedATccContext() {
        assertThatThrownBy(() -> Tcc.fromBranch(dtm.client(), BranchContext.of("saga", "g", "01", "action")))
                .hasMessageContaining("from a 'saga' branch");
    }

    @Test
    void aMissingTryUrlFailsBeforeRegistration() throws Exception {
        dtm.success().success();

        assertThatThrownBy(() -> dtm.client().tcc("tcc-6", TransOptions.defaults(),
                tcc -> tcc.callBranch(1, "", dtm.url("/c"), dtm.url("/x"))))
                .hasMessageContaining("TCC try URL '' of gid 'tcc-6' is invalid");
        dtm.take();
        assertThat(dtm.take().getPath()).as("aborted without registering").endsWith("/abort");
    }

    private static void assertAllValuesAreStrings(JsonNode node) {
        node.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
    }

    @Test
    void registerBranchRefusesABodyWithoutItsIdentity() {
        assertThatThrownBy(() -> dtm.client().registerBranch(Map.of("gid", "g", "trans_type", "tcc")))
                .hasMessageContaining("registerBranch needs 'branch_id'").hasMessageContaining("nothing was sent");
        assertThat(dtm.requestCount()).isZero();
    }
}
