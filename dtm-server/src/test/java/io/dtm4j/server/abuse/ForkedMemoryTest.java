package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server as it ships (its JVM options from {@code src/main/dist/jvm.options}, the embedded H2 store)
 * in a process of its own, flooded with large bodies at once: 20 bodies of 10 MB (over the request limit) and 24
 * of 7 MB (under it, more than the server holds at once). It must stay up, answer each with 413, 400 or 503 (no
 * other status, no hang), answer ping afterwards, and stay within its memory. Prints the counts and the RSS.
 */
class ForkedMemoryTest {

    @TempDir
    Path data;
    private Process server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String options = Files.readString(Path.of("src/main/dist/jvm.options")).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(options.split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dtm4j.server.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("STORE_DATA_DIR", data.toString());
        server = builder.start();
        for (int i = 0; i < 200 && ping() != 200; i++) {
            assertThat(server.isAlive()).as("server exited: %s", log()).isTrue();
            Thread.sleep(100);
        }
        assertThat(ping()).as("ping; log: %s", log()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aFloodOfLargeBodiesIsRefusedWithinTheHeapAndTheServerStaysUp() throws Exception {
        long idle = rss();
        Map<Integer, AtomicInteger> over = flood(20, 10_000_000);
        Map<Integer, AtomicInteger> under = flood(24, 7_000_000);
        long peak = rss();
        System.out.println("[memory] 20 x 10 MB -> " + over + "; 24 x 7 MB -> " + under + "; RSS idle " + idle
                + " MB, after " + peak + " MB");
        assertThat(server.isAlive()).as("server alive; log: %s", log()).isTrue();
        assertThat(ping()).isEqualTo(200);
        assertThat(over.keySet()).as("answers to bodies over the limit").containsOnly(413);
        assertThat(under.keySet()).as("answers to bodies under the limit").isSubsetOf(400, 503);
        assertThat(under.get(400)).as("some large bodies were read and refused for their content").isNotNull();
        assertThat(peak).as("resident memory after the flood, MB").isLessThan(250);
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /** Sends {@code count} bodies of {@code size} bytes at once (a saga whose gid is that long); status counts. */
    private Map<Integer, AtomicInteger> flood(int count, int size) throws Exception {
        byte[] gid = new byte[size];
        Arrays.fill(gid, (byte) 'a');
        byte[] head = "{\"trans_type\":\"saga\",\"gid\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\",\"steps\":[],\"payloads\":[]}".getBytes(StandardCharsets.US_ASCII);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(pool.submit(() -> {
                    int status = post(head, gid, tail);
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private int post(byte[]... parts) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            long length = Arrays.stream(parts).mapToLong(p -> p.length).sum();
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST /api/dtmsvr/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (byte[] p : parts) {
                    out.write(p);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered before reading the whole body and closed: read its answer below
            }
            InputStream in = socket.getInputStream();
            byte[] line = new byte[12];
            int n = in.readNBytes(line, 0, 12);
            assertThat(n).as("a status line").isEqualTo(12);
            return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    private int ping() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /api/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + server.pid());
    }

    private String log() {
        try {
            String text = Files.readString(data.resolve("server.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
