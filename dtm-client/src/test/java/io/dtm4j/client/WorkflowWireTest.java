package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.FakeDtmServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every request the workflow client sends, pinned against the spec's shapes (§6.6, §11.7), so that it works
 * against the official server as the Go SDK does: prepareWorkflow with custom_data {data, name} and the callback
 * as query_prepared, each recorded step as a registerBranch of strings, and the submit with req_extra only.
 */
class WorkflowWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    private static final String NEW = "{\"transaction\":{\"gid\":\"wf-1\",\"status\":\"prepared\"},\"progresses\":[]}";

    private static Request post(String url, String json) {
        return new Request.Builder().url(url).post(RequestBody.create(json, MediaType.get("application/json")))
                .build();
    }

    @Test
    void aSuccessfulWorkflowSendsPrepareTheCallsTheirRecordsAndTheSubmit() throws Exception {
        dtm.answer(200, NEW).answer(200, "{\"balance\":70}").success().success();
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app:8080/workflow/resume")
                .options(TransOptions.builder().retryInterval(java.time.Duration.ofSeconds(2)).build()).build();
        workflows.register("transfer", (wf, input) -> {
            wf.newBranch().onRollback(barrier -> wf.call(post(dtm.url("/rm/TransOutRevert"), "{}")));
            String answer = wf.call(post(dtm.url("/rm/TransOut?x=1"), new String(input, StandardCharsets.UTF_8)));
            return answer.getBytes(StandardCharsets.UTF_8);
        });

        byte[] result = workflows.execute("transfer", "wf-1", "{\"amount\":30}".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("{\"balance\":70}");
        RecordedRequest prepare = dtm.take();
        assertThat(prepare.getPath()).isEqualTo("/api/dtmsvr/prepareWorkflow");
        String input64 = Base64.getEncoder().encodeToString("{\"amount\":30}".getBytes(StandardCharsets.UTF_8));
        assertThat(FakeDtmServer.json(prepare)).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-1\",\"trans_type\":"
                + "\"workflow\",\"custom_data\":\"{\\\"data\\\":\\\"" + input64
                + "\\\",\\\"name\\\":\\\"transfer\\\"}\","
                + "\"retry_interval\":2,\"concurrent\":false,\"query_prepared\":\"http://app:8080/workflow/resume\","
                + "\"protocol\":\"http\"}"));

        RecordedRequest call = dtm.take();
        HttpUrl url = call.getRequestUrl();
        assertThat(url.encodedPath()).isEqualTo("/rm/TransOut");
        assertThat(url.queryParameter("x")).isEqualTo("1");
        assertThat(url.queryParameter("gid")).isEqualTo("wf-1");
        assertThat(url.queryParameter("trans_type")).isEqualTo("workflow");
        assertThat(url.queryParameter("branch_id")).isEqualTo("01");
        assertThat(url.queryParameter("op")).isEqualTo("action");
        assertThat(call.getBody().readUtf8()).isEqualTo("{\"amount\":30}");

        RecordedRequest record = dtm.take();
        assertThat(record.getPath()).isEqualTo("/api/dtmsvr/registerBranch");
        assertThat(FakeDtmServer.json(record)).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-1\",\"trans_type\":"
                + "\"workflow\",\"data\":\"{\\\"balance\\\":70}\",\"branch_id\":\"01\",\"op\":\"action\","
                + "\"status\":\"succeed\"}"));

        RecordedRequest submit = dtm.take();
        assertThat(submit.getPath()).isEqualTo("/api/dtmsvr/submit");
        assertThat(FakeDtmServer.json(submit)).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-1\",\"trans_type\":"
                + "\"workflow\",\"req_extra\":{\"status\":\"succeed\",\"rollback_reason\":\"\",\"result\":\""
                + Base64.getEncoder().encodeToString("{\"balance\":70}".getBytes(StandardCharsets.UTF_8)) + "\"}}"));
        assertThat(dtm.requestCount()).as("no rollback call on success").isEqualTo(4);
    }

    @Test
    void aResumedWorkflowReplaysRecordedStepsAndRunsTheRestThenRollsBackNewestFirst() throws Exception {
        String recorded = Base64.getEncoder().encodeToString("{\"out\":1}".getBytes(StandardCharsets.UTF_8));
        dtm.answer(200, "{\"transaction\":{\"gid\":\"wf-2\",\"status\":\"prepared\"},\"progresses\":[{\"gid\":"
                + "\"wf-2\",\"branch_id\":\"01\",\"op\":\"action\",\"status\":\"succeed\",\"bin_data\":\"" + recorded
                + "\"}]}")
                .answer(409, "{\"dtm_result\":\"FAILURE\"}")   // TransIn fails
                .success()                                       // its record
                .success()                                       // TransOutRevert (01's rollback)
                .success()                                       // its record
                .success();                                      // submit failed
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app/resume").build();
        StringBuilder seen = new StringBuilder();
        workflows.register("transfer", (wf, input) -> {
            wf.newBranch().onRollback(barrier -> wf.call(post(dtm.url("/rm/TransOutRevert"), "{}")));
            seen.append(wf.call(post(dtm.url("/rm/TransOut"), "{}")));
            wf.newBranch().onRollback(barrier -> wf.call(post(dtm.url("/rm/TransInRevert"), "{}")));
            wf.call(post(dtm.url("/rm/TransIn"), "{}"));
            return null;
        });

        assertThatThrownBy(() -> workflows.execute("transfer", "wf-2", null))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.FAILED);
                    assertThat(e.branchId()).isEqualTo("02");
                    assertThat(e.reason()).isEqualTo("{\"dtm_result\":\"FAILURE\"}");
                })
                .hasMessageStartingWith("workflow 'transfer' gid 'wf-2' failed at branch 02 and was rolled back");

        assertThat(seen).as("the recorded answer of TransOut, not a new call").hasToString("{\"out\":1}");
        assertThat(FakeDtmServer.json(dtm.take()).path("custom_data").asText()).isEqualTo("{\"data\":null,"
                + "\"name\":\"transfer\"}");
        assertThat(dtm.take().getRequestUrl().encodedPath()).isEqualTo("/rm/TransIn");
        assertThat(FakeDtmServer.json(dtm.take())).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-2\",\"trans_type\":"
                + "\"workflow\",\"data\":\"{\\\"dtm_result\\\":\\\"FAILURE\\\"}\",\"branch_id\":\"02\",\"op\":"
                + "\"action\",\"status\":\"failed\"}"));
        RecordedRequest revert = dtm.take();
        assertThat(revert.getRequestUrl().encodedPath()).as("branch 02 failed itself: only 01 is undone")
                .isEqualTo("/rm/TransOutRevert");
        assertThat(revert.getRequestUrl().queryParameter("op")).isEqualTo("rollback");
        assertThat(revert.getRequestUrl().queryParameter("branch_id")).isEqualTo("01");
        assertThat(FakeDtmServer.json(dtm.take())).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-2\",\"trans_type\":"
                + "\"workflow\",\"data\":\"\",\"branch_id\":\"01\",\"op\":\"rollback\",\"status\":\"succeed\"}"));
        assertThat(FakeDtmServer.json(dtm.take())).isEqualTo(FakeDtmServer.json("{\"gid\":\"wf-2\",\"trans_type\":"
                + "\"workflow\",\"req_extra\":{\"status\":\"failed\",\"rollback_reason\":"
                + "\"{\\\"dtm_result\\\":\\\"FAILURE\\\"}\",\"result\":\"\"}}"));
    }

    @Test
    void anOngoingCallIsNotRecordedNorSubmitted() throws Exception {
        dtm.answer(200, NEW).answer(425, "{\"dtm_result\":\"ONGOING\"}");
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app/resume").build();
        workflows.register("w", (wf, input) -> {
            wf.newBranch();
            wf.call(post(dtm.url("/rm/slow"), "{}"));
            return null;
        });

        assertThatThrownBy(() -> workflows.execute("w", "wf-1", null))
                .isInstanceOfSatisfying(DtmTransactionPendingException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.PREPARED);
                    assertThat(e.isFinal()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(DtmOngoingException.class);
                })
                .hasMessageContaining("is not finished yet")
                .hasMessageContaining("the DTM server resumes it by calling http://app/resume");
        assertThat(dtm.requestCount()).as("prepare and the call; nothing recorded, nothing submitted")
                .isEqualTo(2);
    }

    @Test
    void aRecordTheServerRefusesIsAnUnknownOutcomeNotAFailure() throws Exception {
        dtm.answer(200, NEW).answer(200, "{\"ok\":1}")
                .answer(409, "{\"dtm_result\":\"FAILURE\",\"message\":\"no trans with gid wf-1 status prepared\"}");
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app/resume").build();
        workflows.register("w", (wf, input) -> {
            wf.newBranch().onRollback(barrier -> wf.call(post(dtm.url("/rm/undo"), "{}")));
            wf.call(post(dtm.url("/rm/do"), "{}"));
            return null;
        });

        assertThatThrownBy(() -> workflows.execute("w", "wf-1", null))
                .isInstanceOf(DtmTransactionPendingException.class)
                .hasMessageContaining("ran but its outcome could not be recorded")
                .hasMessageContaining("query the gid for its outcome");
        assertThat(dtm.requestCount()).as("prepare, the call, the refused record: no rollback, no submit")
                .isEqualTo(3);
    }

    @Test
    void aTwoHundredIsASuccessWhateverItsBodySays() throws Exception {
        dtm.answer(200, NEW).answer(200, "{\"lastStatus\":\"FAILURE\"}").success().success();
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app/resume").build();
        workflows.register("w", (wf, input) -> {
            wf.newBranch();
            return wf.call(post(dtm.url("/rm/do"), "{}")).getBytes(StandardCharsets.UTF_8);
        });

        assertThat(new String(workflows.execute("w", "wf-1", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"lastStatus\":\"FAILURE\"}");
        dtm.take();
        dtm.take();
        assertThat(FakeDtmServer.json(dtm.take()).path("status").asText()).isEqualTo("succeed");
    }

    @Test
    void anInputTooLargeForTheServersColumnIsRefusedBeforeAnythingIsSent() {
        Workflows workflows = Workflows.builder(dtm.client()).callbackUrl("http://app/resume").build();
        workflows.register("w", (wf, input) -> null);

        assertThatThrownBy(() -> workflows.execute("w", "wf-1", new byte[800]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its input of 800 bytes does not fit the server's custom_data column (1024")
                .hasMessageEndingWith("(pass a small input, an id of the data, say)");
        assertThat(dtm.requestCount()).isZero();
    }
}
