package io.dtm4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.Workflow;
import io.dtm4j.client.Workflows;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows against the real server: an application with real HTTP participants and the resume callback on a
 * real port, the server's cron calling it back.
 */
@DtmServerTest
class WorkflowTest {

    private final Participant bank = new Participant();
    private HttpServer app;
    private Workflows workflows;
    private final AtomicInteger resumes = new AtomicInteger();

    @BeforeEach
    void start(DtmTestServer dtm) throws IOException {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.createContext("/resume", exchange -> {
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            resumes.incrementAndGet();
            DtmResult result = workflows.resume(query, exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(result.httpStatus(), -1);
            exchange.close();
        });
        app.start();
        workflows = Workflows.builder(dtm.client())
                .callbackUrl("http://127.0.0.1:" + app.getAddress().getPort() + "/resume")
                .options(TransOptions.builder().retryInterval(Duration.ofSeconds(1)).build()).build();
        workflows.register("transfer", (wf, input) -> {
            branch(wf, "/TransOut", input);
            branch(wf, "/TransIn", input);
            return "done".getBytes(StandardCharsets.UTF_8);
        });
    }

    @AfterEach
    void stop() {
        app.stop(0);
        bank.close();
    }

    private void branch(Workflow wf, String path, byte[] input) {
        wf.newBranch().onRollback(barrier -> wf.call(post(path + "Revert", input)));
        wf.call(post(path, input));
    }

    private Request post(String path, byte[] body) {
        return new Request.Builder().url(bank.url(path))
                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    }

    private List<String> calls(String gid) {
        return bank.received().stream().filter(r -> r.contains("\"gid\":\"" + gid + "\""))
                .map(r -> r.substring(0, r.indexOf(" {"))).toList();
    }

    private static byte[] input(String gid) {
        return ("{\"gid\":\"" + gid + "\",\"amount\":30}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWorkflowCallsEachBranchOnceAndSucceedsWithItsResult(DtmTestServer dtm) {
        String gid = dtm.client().newGid();

        byte[] result = workflows.execute("transfer", gid, input(gid));

        assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("done");
        assertThat(calls(gid)).containsExactly("/TransOut action", "/TransIn action");
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(workflows.execute("transfer", gid, input(gid))).as("executed again: the stored result")
                .isEqualTo(result);
        assertThat(calls(gid)).hasSize(2);
    }

    @Test
    void aFailingBranchRollsBackTheEarlierOnesNewestFirst(DtmTestServer dtm) {
        workflows.register("three", (wf, input) -> {
            branch(wf, "/A", input);
            branch(wf, "/B", input);
            branch(wf, "/C", input);
            return null;
        });
        bank.answer("/C", 409);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> workflows.execute("three", gid, input(gid)))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.FAILED);
                    assertThat(e.branchId()).isEqualTo("03");
                });

        assertThat(calls(gid)).as("C failed itself, so only B and A are undone, newest first")
                .containsExactly("/A action", "/B action", "/C action", "/BRevert rollback", "/ARevert rollback");
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.FAILED);
    }

    @Test
    void aRollbackThatFailsTwiceIsRetriedThroughTheServersCallback(DtmTestServer dtm) {
        bank.answer("/TransIn", 409);
        bank.answerFirst("/TransOutRevert", 2, 500);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> workflows.execute("transfer", gid, input(gid)))
                .isInstanceOf(DtmTransactionPendingException.class)
                .hasMessageContaining("rollback of branch 01 did not succeed yet");
        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.PREPARED);

        awaitStatus(dtm, gid, TransStatus.FAILED);
        assertThat(calls(gid)).containsExactly("/TransOut action", "/TransIn action", "/TransOutRevert rollback",
                "/TransOutRevert rollback", "/TransOutRevert rollback");
    }

    @Test
    void anOngoingStepIsResumedByTheServerAndRecordedStepsAreNotRunAgain(DtmTestServer dtm) {
        bank.answerFirst("/TransIn", 1, 425);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> workflows.execute("transfer", gid, input(gid)))
                .isInstanceOf(DtmTransactionPendingException.class);

        awaitStatus(dtm, gid, TransStatus.SUCCEED);
        assertThat(calls(gid)).as("TransOut's recorded result replayed on the resume")
                .containsExactly("/TransOut action", "/TransIn action", "/TransIn action");
        assertThat(resumes.get()).isPositive();
    }

    @Test
    void fiftyConcurrentWorkflowsAllFinish(DtmTestServer dtm) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<String> gids = new ArrayList<>();
        try {
            List<Future<byte[]>> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String gid = dtm.client().newGid();
                gids.add(gid);
                runs.add(pool.submit(() -> workflows.execute("transfer", gid, input(gid))));
            }
            for (Future<byte[]> run : runs) {
                assertThat(new String(run.get(), StandardCharsets.UTF_8)).isEqualTo("done");
            }
        } finally {
            pool.shutdownNow();
        }
        for (String gid : gids) {
            assertThat(calls(gid)).containsExactly("/TransOut action", "/TransIn action");
            assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        }
    }

    @Test
    void badUseFailsFastAndClearly(DtmTestServer dtm) {
        workflows.register("twoRollbacks", (wf, input) -> {
            wf.newBranch().onRollback(b -> { }).onRollback(b -> { });
            return null;
        });
        workflows.register("branchInCallback", (wf, input) -> {
            wf.newBranch().onCommit(b -> wf.newBranch());
            return null;
        });
        workflows.register("stepBeforeBranch", (wf, input) -> wf.doStep(b -> null));

        assertThatThrownBy(() -> workflows.execute("twoRollbacks", dtm.client().newGid(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("onRollback was called twice for branch 01");
        assertThatThrownBy(() -> workflows.execute("branchInCallback", dtm.client().newGid(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newBranch() was called inside a commit callback");
        assertThatThrownBy(() -> workflows.execute("stepBeforeBranch", dtm.client().newGid(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before newBranch()");
        assertThatThrownBy(() -> workflows.execute("nope", dtm.client().newGid(), null))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("workflow 'nope' is not registered");
        assertThatThrownBy(() -> workflows.register("transfer", (wf, input) -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        assertThat(workflows.resume(Map.of("gid", "g-unknown", "op", "nope"), new byte[0]))
                .as("a callback for a name this application does not have").isEqualTo(DtmResult.ERROR);

        String unknown = dtm.client().newGid();
        assertThat(workflows.resume(Map.of("gid", unknown, "op", "transfer"), input(unknown)))
                .as("a callback for a gid the server does not have").isEqualTo(DtmResult.ERROR);
        assertThat(dtm.client().query(unknown).transaction()).as("nothing created for it").isEmpty();
        assertThat(calls(unknown)).isEmpty();

        String gid = dtm.client().newGid();
        workflows.execute("transfer", gid, input(gid));
        assertThatThrownBy(() -> workflows.execute("transfer", gid, input("another")))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("was started with another input");
        workflows.register("other", (wf, input) -> null);
        assertThatThrownBy(() -> workflows.execute("other", gid, null))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("gid '" + gid + "' belongs to workflow 'transfer', not to 'other'");
    }

    private static void awaitStatus(DtmTestServer dtm, String gid, TransStatus status) {
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < end) {
            if (dtm.client().query(gid).status() == status) {
                return;
            }
            dtm.retryNow();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(dtm.client().query(gid).status()).as("status of " + gid + " after 40 s").isEqualTo(status);
    }
}
