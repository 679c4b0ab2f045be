package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.ServerSecurity;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The API token (every endpoint or the operator's only) and the branch URL allowlist. */
class SecurityTest {

    private static DtmServer start(ServerSecurity security) {
        return DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .security(security).build());
    }

    private static Request post(DtmServer s, String path, String body, String auth) {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + s.port() + path)
                .post(RequestBody.create(body, MediaType.get("application/json")));
        return (auth == null ? b : b.header("Authorization", auth)).build();
    }

    @Test
    void aTokenForEveryEndpointLeavesOnlyPingOpen() {
        try (DtmServer s = start(ServerSecurity.builder().apiToken("s3cret").build())) {
            Raw raw = new Raw(s.port());
            assertThat(raw.get("/api/ping").status()).isEqualTo(200);
            Raw.Answer denied = raw.get("/api/dtmsvr/newGid");
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.message()).contains("Authorization: Bearer");
            assertThat(raw.get("/api/metrics").status()).isEqualTo(401);
            String body = "{\"gid\":\"sec-1\",\"trans_type\":\"saga\",\"steps\":[],\"payloads\":[]}";
            assertThat(raw.send(post(s, "/api/dtmsvr/submit", body, "Bearer wrong")).status()).isEqualTo(401);
            assertThat(raw.stored("sec-1")).as("query is refused too").isFalse();
            assertThat(raw.send(post(s, "/api/dtmsvr/submit", body, "Bearer s3cret")).status()).isEqualTo(200);
            raw.close();
        }
    }

    @Test
    void anAdminScopedTokenGuardsTheOperatorEndpointsOnly() {
        try (DtmServer s = start(ServerSecurity.builder().apiToken("ops").scope(ServerSecurity.TokenScope.ADMIN)
                .build())) {
            Raw raw = new Raw(s.port());
            assertThat(raw.post("/api/dtmsvr/submit", "{\"gid\":\"sec-2\",\"trans_type\":\"msg\",\"steps\":[],"
                    + "\"payloads\":[]}").status()).isEqualTo(200);
            assertThat(raw.post("/api/dtmsvr/forceStop", "{\"gid\":\"sec-2\"}").status()).isEqualTo(401);
            assertThat(raw.get("/api/dtmsvr/scanKV?cat=topics").status()).isEqualTo(401);
            assertThat(raw.send(post(s, "/api/dtmsvr/forceStop", "{\"gid\":\"sec-2\"}", "Bearer ops")).status())
                    .isIn(200, 409);
            raw.close();
        }
    }

    @Test
    void branchUrlsOutsideTheAllowlistAreRefusedAtSubmit() {
        try (DtmServer s = start(ServerSecurity.builder().branchUrlPrefixes(List.of("http://127.0.0.1:9/ok/"))
                .build())) {
            Raw raw = new Raw(s.port());
            Raw.Answer a = raw.post("/api/dtmsvr/submit", "{\"gid\":\"sec-3\",\"trans_type\":\"saga\",\"steps\":[{"
                    + "\"action\":\"http://169.254.169.254/latest\",\"compensate\":\"\"}],\"payloads\":[\"\"]}");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.message()).contains("steps[0].action").contains("http://127.0.0.1:9/ok/");
            assertThat(raw.stored("sec-3")).isFalse();
            assertThat(raw.get("/api/dtmsvr/subscribe?topic=t&url=http://10.0.0.1/x").status()).isEqualTo(400);
            assertThat(raw.post("/api/dtmsvr/submit", "{\"gid\":\"sec-4\",\"trans_type\":\"saga\",\"steps\":[{"
                    + "\"action\":\"http://127.0.0.1:9/ok/a\",\"compensate\":\"\"}],\"payloads\":[\"\"]}").status())
                    .isEqualTo(200);
            raw.close();
        }
    }
}
