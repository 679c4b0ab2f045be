package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.ServerLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections without finishing requests, and many {@code wait_result} submits with slow
 * branches: neither may stop the server answering everyone else.
 */
class HostileClientTest {

    private DtmServer server;
    private Raw raw;
    private HttpServer slowBranch;

    @BeforeEach
    void start() throws Exception {
        server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .limits(ServerLimits.builder().requestReadTimeout(Duration.ofSeconds(2)).apiThreads(4)
                        .maxConnections(200).build()).build());
        raw = new Raw(server.port());
        slowBranch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        slowBranch.setExecutor(Executors.newCachedThreadPool());
        slowBranch.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] ok = "{\"dtm_result\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        slowBranch.start();
    }

    @AfterEach
    void stop() {
        raw.close();
        slowBranch.stop(0);
        server.close();
    }

    @Test
    void halfSentRequestsAndTlsHellosDoNotFreezeTheApiAndAreTimedOut() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
                sockets.add(s);
            }

            for (int i = 0; i < 20; i++) {
                assertThat(raw.get("/api/ping").status()).as("ping while 60 connections stall").isEqualTo(200);
                assertThat(raw.get("/api/dtmsvr/newGid").status()).isEqualTo(200);
            }

            Socket first = sockets.get(0);
            first.setSoTimeout(10_000);
            String answer = new String(first.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).as("a half-sent request is answered 408 and closed").startsWith("HTTP/1.1 408");
            Socket tls = sockets.get(45);
            tls.setSoTimeout(10_000);
            assertThat(new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .as("a TLS hello is refused, at the latest when its read time is up")
                    .matches("(?s)HTTP/1.1 (400|408) .*");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndTheServerStaysUp() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                sockets.add(new Socket("127.0.0.1", server.port()));
            }
            Thread.sleep(1000); // let the server accept them all before the one too many
            Socket extra = new Socket("127.0.0.1", server.port());
            extra.setSoTimeout(10_000);
            InputStream in = extra.getInputStream();
            assertThat(in.read()).as("the 201st connection is closed at once").isEqualTo(-1);
            extra.close();
            sockets.get(0).close();
            sockets.remove(0);
            Thread.sleep(200);
            assertThat(raw.get("/api/ping").status()).as("a freed slot serves again").isEqualTo(200);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void waitResultSubmitsWithSlowBranchesHoldNoApiThread() throws Exception {
        String url = "http://127.0.0.1:" + slowBranch.getAddress().getPort() + "/slow";
        List<CompletableFuture<Raw.Answer>> submits = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(64);
        try {
            for (int i = 0; i < 64; i++) {
                String gid = "slow-" + i + "-" + System.nanoTime();
                String body = "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\",\"wait_result\":true,\"steps\":["
                        + "{\"action\":\"" + url + "\",\"compensate\":\"\"},{\"action\":\"" + url
                        + "\",\"compensate\":\"\"}],\"payloads\":[\"{}\",\"{}\"]}";
                submits.add(CompletableFuture.supplyAsync(() -> raw.post("/api/dtmsvr/submit", body), pool));
            }
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                assertThat(raw.get("/api/dtmsvr/newGid").status())
                        .as("4 API threads, 64 rounds waiting: the API still answers").isEqualTo(200);
            }
            for (CompletableFuture<Raw.Answer> s : submits) {
                Raw.Answer a = s.get();
                assertThat(a.status()).as(a.text()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
