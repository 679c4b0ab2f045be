package io.dtm4j.test;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.Workflows;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The application {@link WorkflowCrashTest} forks and kills: a workflow of two calls to the bank, with the resume
 * callback on a fixed port. {@code crash} executes it and, once the first call is recorded, prints a line and
 * waits to be killed; {@code serve} only answers the server's callbacks, so the workflow finishes there.
 *
 * <p>Arguments: {@code crash|serve dtmUrl bankUrl callbackPort gid}.
 */
public final class WorkflowCrashApp {

    private WorkflowCrashApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String bank = args[2];
        int port = Integer.parseInt(args[3]);
        String gid = args[4];
        DtmClient dtm = DtmClient.create(args[1]);
        Workflows workflows = Workflows.builder(dtm).callbackUrl("http://127.0.0.1:" + port + "/resume")
                .options(TransOptions.builder().retryInterval(Duration.ofSeconds(1)).build()).build();
        workflows.register("crash-transfer", (wf, input) -> {
            wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransOutRevert", input)));
            wf.call(post(bank + "/TransOut", input));
            if (mode.equals("crash")) {
                System.out.println("RECORDED " + wf.gid());
                System.out.flush();
                Thread.sleep(60_000);
            }
            wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransInRevert", input)));
            wf.call(post(bank + "/TransIn", input));
            return null;
        });
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/resume", exchange -> {
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            DtmResult result = workflows.resume(query, exchange.getRequestBody().readAllBytes());
            System.out.println("RESUMED " + query.get("gid") + " " + result);
            System.out.flush();
            exchange.sendResponseHeaders(result.httpStatus(), -1);
            exchange.close();
        });
        http.start();
        System.out.println("LISTENING " + port);
        System.out.flush();
        if (mode.equals("crash")) {
            workflows.execute("crash-transfer", gid, ("{\"gid\":\"" + gid + "\",\"amount\":30}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(120_000);
        http.stop(0);
    }

    private static Request post(String url, byte[] body) {
        return new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json")))
                .build();
    }
}
