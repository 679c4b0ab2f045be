package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.ServerLimits;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies the official server accepts and then gets stuck on (or answers 500 with a Go error): here each answers
 * 400 naming the field, the value and the rule, and nothing is stored. The official answer is in each row.
 */
class ValidationTest {

    private DtmServer server;
    private Raw raw;

    @BeforeEach
    void start() {
        server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .limits(ServerLimits.builder().maxRequestBytes(1 << 20).build()).build());
        raw = new Raw(server.port());
    }

    @AfterEach
    void stop() {
        raw.close();
        server.close();
    }

    private static final String STEP = "{\"action\":\"http://127.0.0.1:1/a\",\"compensate\":\"\"}";

    /** official | field in our message | the fields to add to a saga body with one step and one payload */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "official 500|steps|\"steps\":\"abc\",\"payloads\":[]",
        "official 500|steps[0].action|\"steps\":[{\"action\":5}],\"payloads\":[\"\"]",
        "official 500|payloads[0]|\"steps\":[" + STEP + "],\"payloads\":[{\"a\":1}]",
        "official 500 (index out of range)|payloads|\"steps\":[" + STEP + "," + STEP + "],\"payloads\":[\"\"]",
        "official 500 (index out of range)|payloads|\"steps\":[" + STEP + "]",
        "official 500|wait_result|\"steps\":[" + STEP + "],\"payloads\":[\"\"],\"wait_result\":\"yes\"",
        "official 500|retry_interval|\"steps\":[" + STEP + "],\"payloads\":[\"\"],\"retry_interval\":\"1\"",
        "official 200, then times out at once (overflow)|timeout_to_fail|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"timeout_to_fail\":9223372036854775807",
        "official 200, request_timeout overflows|request_timeout|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"request_timeout\":9223372036854775807",
        "official 200, negative interval in the past|retry_interval|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"retry_interval\":-5",
        "official 500|timeout_to_fail|\"steps\":[" + STEP + "],\"payloads\":[\"\"],\"timeout_to_fail\":1.5",
        "official 200, header unsendable|branch_headers.x-name|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"branch_headers\":{\"x-name\":\"Zoë\"}",
        "official 200, Host sent to the branch|branch_headers|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"branch_headers\":{\"Host\":\"evil\"}",
        "official 200, retried for ever|steps[0].action|\"steps\":[{\"action\":\"ftp://x/y\"}],\"payloads\":[\"\"]",
        "official 200, processed with no orders|custom_data|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"custom_data\":\"{nope\"",
        "official 200, a round panics|custom_data.orders key|\"steps\":[" + STEP + "],\"payloads\":[\"\"],"
                + "\"custom_data\":\"{\\\"concurrent\\\":true,\\\"orders\\\":{\\\"7\\\":[0]}}\"",
    })
    void aBodyTheEngineCannotProcessIsRefusedWithItsFieldAndStoresNothing(String official, String field,
            String fields) {
        String gid = "v-" + UUID.randomUUID();
        Raw.Answer a = raw.post("/api/dtmsvr/submit", "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\"," + fields
                + "}");

        assertThat(a.status()).as(official + ": " + a.text()).isEqualTo(400);
        assertThat(a.message()).contains("submit of gid '" + gid + "'").contains("field '" + field + "'");
        assertThat(raw.stored(gid)).as("nothing stored").isFalse();
    }

    @Test
    void aHugeGidIsRefusedAndQuotedTruncated() {
        String gid = "g".repeat(10_000);
        Raw.Answer a = raw.post("/api/dtmsvr/submit", "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).contains("longer than 128").contains("...(10002 chars)").hasSizeLessThan(800);
        assertThat(raw.get("/api/dtmsvr/query?gid=" + gid).status()).as("a 10k request line").isEqualTo(414);
        assertThat(raw.get("/api/dtmsvr/query?gid=" + gid.substring(0, 1000)).status()).as("official: raw H2 text")
                .isEqualTo(400);
    }

    @Test
    void aLoneSurrogateGidIsRefused() {
        Raw.Answer a = raw.post("/api/dtmsvr/submit", "{\"gid\":\"\\ud800\",\"trans_type\":\"saga\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).contains("lone UTF-16 surrogate");
        assertThat(raw.get("/api/dtmsvr/all").json().path("transactions")).isEmpty();
    }

    @Test
    void aBodyOverTheLimitAnswers413() {
        Raw.Answer a = raw.post("/api/dtmsvr/submit", "{\"gid\":\"" + "x".repeat(2 << 20) + "\"}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.message()).contains("over the server's limit of").contains("send a smaller request");
        assertThat(raw.get("/api/ping").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/dtmsvr/all?position=abc|position",
        "/api/dtmsvr/all?limit=abc|limit",
        "/api/dtmsvr/all?limit=0|limit",
        "/api/dtmsvr/resetCronTime?limit=-1|limit",
        "/api/dtmsvr/resetCronTime?timeout=x|timeout",
        "/api/dtmsvr/scanKV?cat=topics&position=zz|position",
        "/api/dtmsvr/query?gid=%zz|query parameter",
    })
    void aBadQueryParameterIsA400NamingIt(String path, String name) {
        Raw.Answer a = raw.get(path);
        assertThat(a.status()).as("official: 500 with Go text; " + a.text()).isEqualTo(400);
        assertThat(a.message()).contains(name);
    }

    @Test
    void unknownPathsShareOneMetricsSeries() {
        for (int i = 0; i < 50; i++) {
            assertThat(raw.get("/api/dtmsvr/x" + i + "%22%7D").status()).isEqualTo(404);
        }
        String metrics = raw.get("/api/metrics").text();
        assertThat(metrics).contains("api=\"unknown\"").doesNotContain("x1").doesNotContain("\"}\"");
    }

    @Test
    void registerBranchChecksUrlsOpsAndStatuses() {
        String gid = "rb-" + UUID.randomUUID();
        assertThat(raw.post("/api/dtmsvr/prepare", "{\"gid\":\"" + gid + "\",\"trans_type\":\"tcc\"}").status())
                .isEqualTo(200);
        Raw.Answer bad = raw.post("/api/dtmsvr/registerBranch", "{\"gid\":\"" + gid + "\",\"trans_type\":\"tcc\","
                + "\"branch_id\":\"01\",\"confirm\":\"nowhere\",\"cancel\":\"\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.message()).contains("field 'confirm'");
        assertThat(raw.get("/api/dtmsvr/query?gid=" + gid).json().path("branches")).isEmpty();
    }
}
