package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import io.dtm4j.server.ServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request-body limits over raw sockets, the way HTTP clients can bend them: chunked bodies, pipelining,
 * {@code Expect: 100-continue}, keep-alive after a refusal. Limits: 256 KiB per body, 384 KiB buffered server-wide,
 * 1 s to send a request.
 */
class BodyLimitsTest {

    private static final int MAX = 256 * 1024;
    private DtmServer server;

    @BeforeEach
    void start() {
        server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .limits(ServerLimits.builder().maxRequestBytes(MAX).maxBufferedRequestBytes(384 * 1024)
                        .requestReadTimeout(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMalformedLastChunkIsRefusedEvenWhenTheFirstChunkIsAWholeSubmit() throws Exception {
        String gid = "chunk-" + System.nanoTime();
        String body = "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\",\"steps\":[],\"payloads\":[]}";
        try (Connection c = connect()) {
            c.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                    + "\r\nzz-not-a-size\r\n\r\n");
            assertThat(c.readStatus()).isEqualTo(400);
        }
        try (Connection c = connect()) {
            c.send("GET /api/dtmsvr/query?gid=" + gid + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readStatus()).isEqualTo(200);
            assertThat(c.readBody()).contains("\"transaction\":null");
        }
    }

    @Test
    void aPipelinedLargeRequestStaysCountedWhileTheOneBeforeItIsAnswered() throws Exception {
        try (Connection first = connect(); Connection second = connect()) {
            // A ping, then the headers of a 200 KiB submit whose body does not come yet: it holds 200 KiB.
            first.send("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\nPOST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + 200 * 1024 + "\r\n\r\n");
            assertThat(first.readStatus()).isEqualTo(200);
            first.readBody();
            // 200 KiB more does not fit in 384 KiB beside it, though the ping was answered.
            second.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 200 * 1024 + "\r\n\r\n" + "x".repeat(200 * 1024));
            assertThat(second.readStatus()).isEqualTo(503);
            assertThat(second.readBody()).contains("maxBufferedRequestBytes");
        }
        // Once the first connection is gone, its reservation is too (the server sees the close a moment later).
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 400; attempt++) {
            try (Connection third = connect()) {
                third.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + 200 * 1024 + "\r\n\r\n" + "x".repeat(200 * 1024));
                status = third.readStatus();
            }
            if (status == 503) {
                Thread.sleep(20);
            }
        }
        assertThat(status).as("a request after the holder closed").isEqualTo(400);
    }

    @Test
    void aRefusedPipelinedRequestIsAnsweredAfterTheOneBeforeIt() throws Exception {
        try (Connection holder = connect(); Connection c = connect()) {
            holder.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 250 * 1024 + "\r\n\r\n");
            Thread.sleep(200);
            c.send("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\nPOST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + 150 * 1024 + "\r\n\r\n"
                    + "x".repeat(150 * 1024));
            assertThat(c.readStatus()).as("the ping first").isEqualTo(200);
            c.readBody();
            assertThat(c.readStatus()).as("then the refusal").isEqualTo(503);
        }
    }

    @Test
    void aKeepAliveConnectionStaysUsableAfterA413() throws Exception {
        try (Connection c = connect()) {
            c.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (MAX + 1) + "\r\n\r\n" + "x".repeat(MAX + 1));
            assertThat(c.readStatus()).isEqualTo(413);
            assertThat(c.readBody()).contains("over the server's limit of " + MAX);
            Thread.sleep(1500);
            c.send("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readStatus()).as("no stray 408 after the request-read timeout").isEqualTo(200);
        }
    }

    @Test
    void anOversizedRequestExpecting100ContinueGetsTheJson413BeforeSendingItsBody() throws Exception {
        try (Connection c = connect()) {
            c.send("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + (MAX + 1) + "\r\n\r\n");
            assertThat(c.readStatus()).isEqualTo(413);
            assertThat(c.readBody()).contains("send a smaller request");
            c.send("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readStatus()).isEqualTo(200);
        }
    }

    private Connection connect() throws IOException {
        return new Connection(new Socket("127.0.0.1", server.port()));
    }

    /** A raw HTTP/1.1 connection that reads answers one at a time. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> headers = new ArrayList<>();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        int readStatus() throws IOException {
            String status = line();
            headers.clear();
            for (String h = line(); !h.isEmpty(); h = line()) {
                headers.add(h.toLowerCase(java.util.Locale.ROOT));
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        String readBody() throws IOException {
            int length = headers.stream().filter(h -> h.startsWith("content-length:"))
                    .map(h -> Integer.parseInt(h.substring(15).trim())).findFirst().orElse(0);
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed; read so far: " + buf);
                }
                if (b != '\r') {
                    buf.write(b);
                }
            }
            return buf.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
