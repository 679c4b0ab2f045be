package io.dtm4j.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.Workflows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A two-branch workflow against a two-branch saga, same run, same forked server and branch service: the direct
 * calls (the baseline), the saga with {@code wait_result} (the server calls both branches), and the workflow (the
 * client calls both branches and records each answer, then submits: prepareWorkflow, two registerBranch writes
 * and the submit).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.WorkflowLoad [store] [seconds] [clients]}.
 */
public final class WorkflowLoad {

    private static final MediaType JSON = MediaType.get("application/json");

    private WorkflowLoad() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        HttpServer branches = SagaLoad.branchService();
        String rm = "http://127.0.0.1:" + branches.getAddress().getPort();
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .build();
        http.dispatcher().setMaxRequestsPerHost(128);
        List<SagaLoad.Result> results = new ArrayList<>();
        long[] rss = {0, 0};
        try (ServerProcess server = ServerProcess.start(Path.of(SustainedLoad.jars(args, 3).get(0)[1]), store)) {
            rss[0] = server.rssMb();
            DtmClient dtm = DtmClient.builder().serverUrl("http://127.0.0.1:" + server.port() + "/api/dtmsvr")
                    .httpClient(http).build();
            // Workflows finish within their run; the callback is never needed here.
            Workflows workflows = Workflows.builder(dtm).callbackUrl("http://127.0.0.1:" + SagaLoad.freePort()
                    + "/resume").build();
            workflows.register("bench", (wf, input) -> {
                wf.newBranch().onRollback(b -> wf.call(post(rm + "/TransOutCompensate", input)));
                wf.call(post(rm + "/TransOut", input));
                wf.newBranch().onRollback(b -> wf.call(post(rm + "/TransInCompensate", input)));
                wf.call(post(rm + "/TransIn", input));
                return null;
            });
            byte[] input = "{\"amount\":30}".getBytes(StandardCharsets.UTF_8);
            results.add(SagaLoad.run("direct (no DTM)", seconds, clients, () -> {
                SagaLoad.post(http, rm + "/TransOut");
                SagaLoad.post(http, rm + "/TransIn");
            }));
            results.add(SagaLoad.run("saga, 2 HTTP branches", seconds, clients, () -> dtm.saga()
                    .add(rm + "/TransOut", rm + "/TransOutCompensate", RawJson.of("{\"amount\":30}"))
                    .add(rm + "/TransIn", rm + "/TransInCompensate", RawJson.of("{\"amount\":30}"))
                    .waitResult(true).submit()));
            results.add(SagaLoad.run("workflow, 2 recorded calls", seconds, clients,
                    () -> workflows.execute("bench", dtm.newGid(), input)));
            rss[1] = server.rssMb();
        } finally {
            branches.stop(0);
            http.dispatcher().executorService().shutdown();
        }
        SagaLoad.Result direct = results.get(0);
        SagaLoad.Result saga = results.get(1);
        StringBuilder rows = new StringBuilder();
        for (SagaLoad.Result r : results) {
            rows.append(r.row(direct)).append(String.format(java.util.Locale.ROOT, " %.2fx |%n",
                    r.opsPerSecond() / saga.opsPerSecond()));
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; store `" + store + "`, " + clients
                + " client threads, " + seconds + " s per scenario after a warm-up; server forked as `java "
                + ServerProcess.jvmOptions() + " -jar dtm-server.jar`, resident memory " + rss[0] + " MB idle, "
                + rss[1] + " MB after the load.\n\n| scenario | ops/s | p50 ms | p90 ms | p99 ms | vs direct"
                + " | vs saga |\n|---|---|---|---|---|---|---|\n" + rows;
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/performance.md"), "workflow-" + store, table);
    }

    private static Request post(String url, byte[] body) {
        return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    }
}
