package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.ServerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alert webhook (spec §7.2, §13 TestMsgWebhook / TestMsgWebhookError). */
class AlertWebhookTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture((config, rm) -> config.alertWebHook(rm.url("/AlertWebHook")));

    private List<JsonNode> alerts() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> found = List.of();
        for (int i = 0; i < 100 && found.isEmpty(); i++) {
            found = f.rm.calls().stream().filter(c -> c.path().equals("/AlertWebHook")).map(c -> {
                try {
                    return mapper.readTree(c.body());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            Thread.sleep(20);
        }
        return found;
    }

    @Test
    void repeatedBranchErrorsAreReportedFromTheRetryLimitOnAndTheMessageStillSucceeds() throws Exception {
        String gid = f.gid();
        f.rm.next("/TransIn", "ERROR", "ERROR", "ERROR").next("/AlertWebHook", "ERROR");

        f.client.msg(gid).add(f.url("/TransIn"), 1).submit();
        f.awaitRound(gid);
        f.cronRounds(1);
        assertThat(f.rm.paths()).as("retry counts 1 and 2 stay below the limit of 3")
                .doesNotContain("/AlertWebHook");
        f.cronRounds(1);
        List<JsonNode> alerts = alerts();
        f.cronRounds(1);

        assertThat(f.status(gid)).as("a failing webhook changes nothing").isEqualTo(TransStatus.SUCCEED);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("gid").asText()).isEqualTo(gid);
        assertThat(alert.path("status").asText()).isEqualTo("submitted");
        assertThat(alert.path("branch").asText()).isEqualTo(f.url("/TransIn"));
        assertThat(alert.path("retry_count").asInt()).isEqualTo(3);
        assertThat(alert.path("error").asText()).isNotEmpty();
    }

    @Test
    void aWebhookThatIsNotAUrlStopsTheStart() {
        assertThatThrownBy(() -> DtmServer.start(DtmServerConfig.builder().httpPort(0).alertWebHook("not a url")
                .build())).hasMessageContaining("AlertWebHook 'not a url' is not an http(s) URL");
    }

}
