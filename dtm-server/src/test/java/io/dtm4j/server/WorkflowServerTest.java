package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.BranchService;
import io.dtm4j.server.support.ServerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server side of workflows (spec §6.6): prepareWorkflow with progresses, progress rows, submit, resume. */
class WorkflowServerTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode post(String op, String body, int expectedStatus) throws IOException {
        Request r = new Request.Builder().url(f.server.url() + "/" + op)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response resp = http.newCall(r).execute()) {
            String text = resp.body().string();
            assertThat(resp.code()).as(text).isEqualTo(expectedStatus);
            return mapper.readTree(text);
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWorkflowRecordsProgressIsResumedByTheCronAndFinishesWithItsResult() throws IOException {
        String gid = f.gid();
        String prepare = "{\"gid\":\"" + gid + "\",\"trans_type\":\"workflow\",\"protocol\":\"http\","
                + "\"query_prepared\":\"" + f.url("/callback") + "\",\"custom_data\":"
                + mapper.writeValueAsString("{\"name\":\"wf1\",\"data\":\"" + b64("{\"x\":1}") + "\"}") + "}";

        JsonNode first = post("prepareWorkflow", prepare, 200);
        assertThat(first.path("transaction").path("status").asText()).isEqualTo("prepared");
        assertThat(first.path("progresses")).isEmpty();

        post("registerBranch", "{\"gid\":\"" + gid + "\",\"trans_type\":\"workflow\",\"branch_id\":\"01\","
                + "\"op\":\"action\",\"status\":\"succeed\",\"data\":\"r1\"}", 200);
        post("registerBranch", "{\"gid\":\"" + gid + "\",\"trans_type\":\"workflow\",\"branch_id\":\"01\","
                + "\"op\":\"action\",\"status\":\"succeed\",\"data\":\"r1\"}", 500);
        JsonNode again = post("prepareWorkflow", prepare, 200);
        assertThat(again.path("progresses")).singleElement().satisfies(p -> {
            assertThat(p.path("branch_id").asText()).isEqualTo("01");
            assertThat(p.path("op").asText()).isEqualTo("action");
            assertThat(p.path("status").asText()).isEqualTo("succeed");
            assertThat(p.path("bin_data").asText()).isEqualTo(b64("r1"));
        });

        f.clock.advance(Duration.ofSeconds(30));
        assertThat(f.server.runCronOnce()).isTrue();
        BranchService.Call resume = f.rm.calls().get(0);
        assertThat(resume.method()).isEqualTo("POST");
        assertThat(resume.path()).isEqualTo("/callback");
        assertThat(resume.query()).containsEntry("branch_id", "00").containsEntry("op", "wf1")
                .containsEntry("gid", gid).containsEntry("trans_type", "workflow");
        assertThat(resume.body()).isEqualTo("{\"x\":1}");

        post("submit", "{\"gid\":\"" + gid + "\",\"trans_type\":\"workflow\",\"req_extra\":{\"status\":"
                + "\"succeed\",\"rollback_reason\":\"\",\"result\":\"" + b64("done") + "\"}}", 200);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.query(gid).transaction().orElseThrow().result()).isEqualTo(b64("done"));
        JsonNode late = post("submit", "{\"gid\":\"" + gid + "\",\"trans_type\":\"workflow\",\"req_extra\":"
                + "{\"status\":\"failed\"}}", 500);
        assertThat(late.path("message").asText()).isEqualTo("storage: NotFound");
    }
}
