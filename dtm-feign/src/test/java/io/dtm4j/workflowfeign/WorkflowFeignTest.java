package io.dtm4j.workflowfeign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.test.DtmServerExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Feign calls inside a {@code @DtmWorkflow} method are its recorded branches, against the real server. */
class WorkflowFeignTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = new SpringApplicationBuilder(WorkflowFeignApp.class).properties("server.port=" + port,
                "bank.url=http://127.0.0.1:" + port, "spring.main.banner-mode=off",
                "dtm.server-url=" + dtmServer.server().url(), "dtm.options.retry-interval=1s").run();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void clear() {
        WorkflowFeignApp.BankEndpoints.CALLS.clear();
        WorkflowFeignApp.BankEndpoints.ONGOING.set(0);
    }

    private static List<String> calls(String gid) {
        return WorkflowFeignApp.BankEndpoints.CALLS.stream().filter(c -> c.endsWith(" " + gid))
                .map(c -> c.substring(0, c.lastIndexOf(' '))).toList();
    }

    private static WorkflowFeignApp.Transfers transfers() {
        return app.getBean(WorkflowFeignApp.Transfers.class);
    }

    @Test
    void feignCallsAreTheWorkflowsBranches() {
        String result = transfers().transfer(null, "in");

        String gid = result.substring(0, result.indexOf(' '));
        assertThat(result).endsWith("{\"done\":\"out\"}");
        assertThat(calls(gid)).containsExactly("out action", "in action");
        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(dtmServer.server().client().query(gid).branches()).extracting(b -> b.branchId() + "-" + b.op())
                .contains("01-action", "02-action");
    }

    @Test
    void aFailingFeignCallRollsTheWorkflowBackThroughFeign() {
        assertThatThrownBy(() -> transfers().transfer(null, "fail"))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e ->
                        assertThat(calls(e.gid())).containsExactly("out action", "fail action", "revert rollback"));
    }

    @Test
    void aResumedWorkflowReplaysTheRecordedFeignCall() throws Exception {
        WorkflowFeignApp.BankEndpoints.ONGOING.set(1);
        DtmTransactionPendingException pending = org.junit.jupiter.api.Assertions.assertThrows(
                DtmTransactionPendingException.class, () -> transfers().transfer(null, "in"));
        String gid = pending.gid();
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (dtmServer.server().client().query(gid).status() != TransStatus.SUCCEED && System.nanoTime() < end) {
            dtmServer.server().retryNow();
            Thread.sleep(200);
        }
        assertThat(dtmServer.server().client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls(gid)).containsExactly("out action", "in action", "in action");
    }
}
