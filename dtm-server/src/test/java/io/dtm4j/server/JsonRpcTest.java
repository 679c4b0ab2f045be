package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.BranchService;
import io.dtm4j.server.support.ServerFixture;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSON-RPC 2.0 at /api/json-rpc (spec §3.2) and JSON-RPC branch calls (spec §4.3). */
class JsonRpcTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode rpc(String body) throws IOException {
        return rpc(body, 200);
    }

    /** The official server answers -32700 with HTTP 400 (its framework has sent the status by then), else 200. */
    private JsonNode rpc(String body, int status) throws IOException {
        Request r = new Request.Builder().url("http://127.0.0.1:" + f.server.port() + "/api/json-rpc")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response resp = http.newCall(r).execute()) {
            assertThat(resp.code()).as("HTTP status").isEqualTo(status);
            return mapper.readTree(resp.body().string());
        }
    }

    @Test
    void newGidAndTheErrorCodes() throws IOException {
        JsonNode gid = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"newGid\",\"params\":{}}");
        assertThat(gid.path("id").asText()).isEqualTo("1");
        assertThat(gid.path("result").path("gid").asText()).hasSize(22);
        assertThat(gid.path("error").isNull()).isTrue();

        assertThat(rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"newGid\"}", 400).path("error").path("code").asInt())
                .isEqualTo(-32700);
        assertThat(rpc("{\"jsonrpc\":\"1.0\",\"id\":\"1\",\"method\":\"newGid\"}").path("error").path("code")
                .asInt()).isEqualTo(-32600);
        assertThat(rpc("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"nope\"}").path("error").path("code").asInt())
                .isEqualTo(-32601);
        assertThat(rpc("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"abort\",\"params\":{\"gid\":\"x\"}}")
                .path("error").path("code").asInt()).isEqualTo(-32603);
        JsonNode noId = rpc("{\"jsonrpc\":\"2.0\",\"method\":\"newGid\"}");
        assertThat(noId.path("error").path("code").asInt()).as("official: no id is -32600").isEqualTo(-32600);
        JsonNode badParams = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"2\",\"method\":\"prepare\",\"params\":{"
                + "\"gid\":\"rpc-bad\",\"trans_type\":\"msg\",\"steps\":[1,2]}}");
        assertThat(badParams.path("error").path("code").asInt()).as("official: -32603").isEqualTo(-32603);
        assertThat(badParams.path("error").path("message").asText()).contains("steps[0]");
        assertThat(badParams.has("result")).isTrue();
    }

    @Test
    void aJsonRpcMsgCallsMethodUrlsWithJsonRpcAndOthersWithHttp() throws IOException {
        String gid = f.gid();
        String rpcUrl = f.url("/rpc?method=TransIn");
        JsonNode submit = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"submit\",\"params\":{\"gid\":\""
                + gid + "\",\"trans_type\":\"msg\",\"protocol\":\"json-rpc\",\"wait_result\":true,\"steps\":["
                + "{\"action\":\"" + rpcUrl + "\"},{\"action\":\"" + f.url("/plain") + "\"}],"
                + "\"payloads\":[\"{\\\"amount\\\":30}\",\"{}\"]}}");

        assertThat(submit.path("error").isNull()).as(submit.toString()).isTrue();
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        BranchService.Call rpcCall = f.rm.calls().get(0);
        JsonNode body = mapper.readTree(rpcCall.body());
        assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.path("method").asText()).isEqualTo("TransIn");
        assertThat(body.path("params").path("amount").asInt()).isEqualTo(30);
        assertThat(body.path("params").path("gid").asText()).isEqualTo(gid);
        assertThat(body.path("params").path("op").asText()).isEqualTo("action");
        assertThat(f.rm.calls().get(1).query()).containsEntry("gid", gid);
    }

    @Test
    void aFailureIsCode32901() throws IOException {
        String gid = f.gid();
        f.rm.next("/a", "FAILURE");

        JsonNode submit = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"8\",\"method\":\"submit\",\"params\":{\"gid\":\""
                + gid + "\",\"trans_type\":\"saga\",\"wait_result\":true,\"steps\":[{\"action\":\"" + f.url("/a")
                + "\",\"compensate\":\"\"}],\"payloads\":[\"{}\"]}}");

        assertThat(submit.path("error").path("code").asInt()).isEqualTo(-32901);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
    }
}
