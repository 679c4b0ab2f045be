package io.dtm4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application is killed ({@code kill -9}) in the middle of a workflow, after its first call was recorded; a new
 * process of it, on the same callback address, is resumed by the server and finishes the workflow from the
 * record: the first call is not made again, the second is made once.
 */
@DtmServerTest
class WorkflowCrashTest {

    private final Participant bank = new Participant();
    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        bank.close();
    }

    private Process fork(String mode, DtmTestServer dtm, int port, String gid, BlockingQueue<String> lines)
            throws IOException {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), WorkflowCrashApp.class.getName(), mode, dtm.url(),
                bank.url(""), Integer.toString(port), gid).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static String await(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < end) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
        throw new AssertionError("the application never printed '" + prefix + "'; it printed:\n" + seen);
    }

    private List<String> calls(String gid) {
        return bank.received().stream().filter(r -> r.contains("\"gid\":\"" + gid + "\""))
                .map(r -> r.substring(0, r.indexOf(" {"))).toList();
    }

    @Test
    void aWorkflowKilledMidwayFinishesFromItsRecordInANewProcess(DtmTestServer dtm) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String gid = dtm.client().newGid();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        app = fork("crash", dtm, port, gid, lines);
        await(lines, "RECORDED " + gid);
        app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);   // SIGKILL: no shutdown hook, nothing flushed
        assertThat(calls(gid)).containsExactly("/TransOut action");
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.PREPARED);

        BlockingQueue<String> restarted = new LinkedBlockingQueue<>();
        app = fork("serve", dtm, port, gid, restarted);
        await(restarted, "LISTENING");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dtm.client().query(gid).status() != TransStatus.SUCCEED && System.nanoTime() < end) {
            dtm.retryNow();
            Thread.sleep(200);
        }

        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(calls(gid)).as("TransOut replayed from its record, TransIn made once")
                .containsExactly("/TransOut action", "/TransIn action");
    }
}
