package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.FakeDtmServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DtmClientWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    @Test
    void newGidReadsTheGidField() throws Exception {
        dtm.answer(200, "{\"dtm_result\":\"SUCCESS\",\"gid\":\"aBcDeFgHiJkLmNoPqRsTuV\"}");

        assertThat(dtm.client().newGid()).isEqualTo("aBcDeFgHiJkLmNoPqRsTuV");
        RecordedRequest request = dtm.take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/api/dtmsvr/newGid");
    }

    @Test
    void queryMapsTheTransactionAndItsBranches() throws Exception {
        dtm.answer(200, """
                {"branches":[{"id":7,"create_time":"2026-01-03T21:47:46+08:00","gid":"q-1","url":"http://rm/TransOut",
                  "bin_data":"eyJhbW91bnQiOjMwfQ==","branch_id":"01","op":"action","status":"succeed",
                  "finish_time":"2026-01-03T21:47:47+08:00"}],
                 "transaction":{"id":3,"create_time":"2026-01-03T21:47:46.123456789+08:00","gid":"q-1",
                  "trans_type":"saga","status":"succeed","protocol":"http","options":"{\\"wait_result\\":true}",
                  "next_cron_interval":10,"concurrent":false,"some_future_field":1}}""");

        TransQueryResult result = dtm.client().query("q-1");

        assertThat(dtm.take().getPath()).isEqualTo("/api/dtmsvr/query?gid=q-1");
        assertThat(result.status()).isEqualTo(TransStatus.SUCCEED);
        TransactionInfo t = result.transaction().orElseThrow();
        assertThat(t.id()).isEqualTo(3);
        assertThat(t.transType()).isEqualTo("saga");
        assertThat(t.options()).isEqualTo("{\"wait_result\":true}");
        assertThat(t.nextCronInterval()).isEqualTo(10);
        assertThat(t.createTime()).isEqualTo(Instant.parse("2026-01-03T13:47:46.123456789Z"));
        assertThat(t.finishTime()).isNull();
        BranchInfo b = result.branches().get(0);
        assertThat(b.payload()).isEqualTo("{\"amount\":30}");
        assertThat(b.branchId()).isEqualTo("01");
        assertThat(b.op()).isEqualTo("action");
        assertThat(b.status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(b.finishTime()).isEqualTo(Instant.parse("2026-01-03T13:47:47Z"));
    }

    @Test
    void aQueryAnswerIsDataEvenWhenAStoredReasonSaysFailure() throws Exception {
        dtm.answer(200, "{\"transaction\":{\"gid\":\"q-2\",\"status\":\"failed\",\"rollback_reason\":"
                + "\"url:http://rm/TransIn return failed: {\\\"dtm_result\\\":\\\"FAILURE\\\"}\"},\"branches\":[]}");

        TransQueryResult result = dtm.client().query("q-2");

        assertThat(result.status()).isEqualTo(TransStatus.FAILED);
        assertThat(result.transaction().orElseThrow().rollbackReason()).contains("FAILURE");
    }

    @Test
    void queryOfAnUnknownGidIsEmpty() throws Exception {
        dtm.answer(200, "{\"branches\":[],\"transaction\":null}");

        TransQueryResult result = dtm.client().query("nope");

        assertThat(result.transaction()).isEmpty();
        assertThat(result.branches()).isEmpty();
        assertThat(result.status()).isEqualTo(TransStatus.UNKNOWN);
    }

    @Test
    void allSendsFiltersAndPagesUntilThePositionIsEmpty() throws Exception {
        dtm.answer(200, "{\"transactions\":[{\"gid\":\"a\",\"status\":\"submitted\"}],\"next_position\":\"41\"}")
                .answer(200, "{\"transactions\":[],\"next_position\":\"\"}");
        AllQuery.Builder query = AllQuery.builder().status(TransStatus.SUBMITTED).transType(TransType.SAGA)
                .limit(1).createTimeStart(Instant.ofEpochMilli(1000)).createTimeEnd(Instant.ofEpochMilli(2000));

        TransPage first = dtm.client().all(query.build());
        TransPage second = dtm.client().all(query.position(first.nextPosition()).build());

        HttpUrl url = dtm.take().getRequestUrl();
        assertThat(url.encodedPath()).isEqualTo("/api/dtmsvr/all");
        assertThat(url.queryParameter("status")).isEqualTo("submitted");
        assertThat(url.queryParameter("transType")).isEqualTo("saga");
        assertThat(url.queryParameter("limit")).isEqualTo("1");
        assertThat(url.queryParameter("createTimeStart")).isEqualTo("1000");
        assertThat(url.queryParameter("createTimeEnd")).isEqualTo("2000");
        assertThat(first.transactions()).extracting(TransactionInfo::gid).containsExactly("a");
        assertThat(first.hasMore()).isTrue();
        assertThat(dtm.take().getRequestUrl().queryParameter("position")).isEqualTo("41");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void abortSendsTheReason() throws Exception {
        dtm.success();

        dtm.client().abort(TransRequest.builder("t-1", TransType.TCC).rollbackReason("user cancelled").build());

        assertThat(FakeDtmServer.json(dtm.take())).isEqualTo(FakeDtmServer.json(
                "{\"gid\":\"t-1\",\"trans_type\":\"tcc\",\"concurrent\":false,\"protocol\":\"http\","
                + "\"rollback_reason\":\"user cancelled\"}"));
    }

    @Test
    void anUnreachableServerGivesAnErrorWithGidOperationAndRemedy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DtmClient down = DtmClient.create("http://127.0.0.1:" + port + "/api/dtmsvr");

        assertThatThrownBy(() -> down.saga("down-1").add("http://rm/a", "", 1).submit())
                .isInstanceOfSatisfying(DtmException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(DtmException.NO_STATUS);
                    assertThat(e.gid()).isEqualTo("down-1");
                    assertThat(e.op()).isEqualTo("submit");
                    assertThat(e.result()).isEqualTo(DtmResult.ERROR);
                })
                .hasMessageContaining("cannot reach DTM server operation 'submit' at http://127.0.0.1:" + port)
                .hasMessageContaining("[gid='down-1', op='submit']")
                .hasMessageContaining("check that it is running");
    }

    @Test
    void aNonJsonAnswerSaysWhereTheUrlShouldPoint() {
        dtm.answer(200, "<html>welcome to nginx</html>");

        assertThatThrownBy(() -> dtm.client().newGid())
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("not a JSON object: '<html>welcome to nginx</html>'")
                .hasMessageContaining("/api/dtmsvr");
    }

    @Test
    void anAnswerWithoutGidIsAnError() {
        dtm.answer(200, "{\"dtm_result\":\"SUCCESS\"}");

        assertThatThrownBy(() -> dtm.client().newGid()).hasMessageContaining("answered newGid without a gid");
    }

    @Test
    void serverUrlsAreValidatedAndNormalised() {
        assertThat(DtmClient.create("http://dtm:36789").serverUrl()).isEqualTo("http://dtm:36789/api/dtmsvr");
        assertThat(DtmClient.create("http://dtm:36789/api/dtmsvr/").serverUrl())
                .isEqualTo("http://dtm:36789/api/dtmsvr");
        assertThatThrownBy(() -> DtmClient.create("dtm:36789")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dtm:36789' is not an http(s) URL");
        assertThatThrownBy(() -> DtmClient.builder().build()).hasMessageContaining("'null'");
        assertThatThrownBy(() -> dtm.client().query(" ")).hasMessageContaining("query needs a gid");
    }

    @Test
    void forServerSharesTheHttpClientAndKeepsSameServerInstances() {
        DtmClient client = dtm.client();

        assertThat(client.forServer(null)).isSameAs(client);
        assertThat(client.forServer(client.serverUrl())).isSameAs(client);
        assertThat(client.forServer("http://other:36789").serverUrl()).isEqualTo("http://other:36789/api/dtmsvr");
    }
}
