package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.Tcc;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.ServerFixture;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A try handler that opens nested branches (0201, 0202) through Tcc.fromBranch, against the real server. */
class NestedTccTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void nestedBranchesAreRegisteredAndConfirmedInTheSameTransaction() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer rm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        String base = "http://127.0.0.1:" + rm.getAddress().getPort();
        rm.createContext("/", ex -> {
            Map<String, String> q = new HashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String path = ex.getRequestURI().getPath();
            calls.add(path + " " + q.get("branch_id"));
            if (path.equals("/try2")) {
                Tcc nested = Tcc.fromBranch(f.client, BranchContext.fromQuery(q));
                nested.callBranch(1, base + "/tryA", base + "/confirmA", base + "/cancelA");
                nested.callBranch(2, base + "/tryB", base + "/confirmB", base + "/cancelB");
            }
            byte[] body = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        rm.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        rm.start();
        try {
            String gid = f.gid();
            f.client.tcc(gid, TransOptions.builder().waitResult(true).build(), tcc -> {
                tcc.callBranch(1, base + "/try1", base + "/confirm1", base + "/cancel1");
                tcc.callBranch(2, base + "/try2", base + "/confirm2", base + "/cancel2");
            });

            assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
            assertThat(f.query(gid).branches()).hasSize(8).allMatch(b -> !b.op().equals("confirm")
                    || b.status() == TransStatus.SUCCEED);
            assertThat(calls).containsSubsequence("/try1 01", "/try2 02", "/tryA 0201", "/tryB 0202")
                    .contains("/confirmA 0201", "/confirmB 0202", "/confirm1 01", "/confirm2 02");
        } finally {
            rm.stop(0);
        }
    }
}
