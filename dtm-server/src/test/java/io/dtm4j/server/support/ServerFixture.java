package io.dtm4j.server.support;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransQueryResult;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real DTM server in this JVM (in-memory store, cron driven by hand, a clock the test moves), a real branch
 * service, and the dtm-client pointed at the server.
 */
public final class ServerFixture implements BeforeEachCallback, AfterEachCallback {

    public final MutableClock clock = new MutableClock();
    public DtmServer server;
    public BranchService rm;
    public DtmClient client;
    private final java.util.concurrent.BlockingQueue<String> rounds = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.function.BiConsumer<DtmServerConfig.Builder, BranchService> settings;

    public ServerFixture() {
        this((b, rm) -> { });
    }

    /** A fixture whose server settings may refer to the branch service (an alert webhook on it, say). */
    public ServerFixture(java.util.function.BiConsumer<DtmServerConfig.Builder, BranchService> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        rm = new BranchService();
        DtmServerConfig.Builder builder = DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .clock(clock);
        settings.accept(builder, rm);
        server = DtmServer.start(builder.build());
        server.onRoundProcessed(rounds::add);
        client = DtmClient.create(server.url());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        rm.close();
        server.close();
    }

    public String gid() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public String url(String path) {
        return rm.url(path);
    }

    public TransQueryResult query(String gid) {
        return client.query(gid);
    }

    public TransStatus status(String gid) {
        return client.query(gid).status();
    }

    /** Branch statuses in storage order. */
    public List<String> branchStatuses(String gid) {
        return client.query(gid).branches().stream().map(b -> b.status().wireName()).toList();
    }

    /** Waits for the server's "round processed" signal of a gid (a background round after a plain submit). */
    public void awaitRound(String gid) {
        try {
            for (;;) {
                String done = rounds.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                if (done == null) {
                    throw new AssertionError("no processing round of " + gid + " within 10 s");
                }
                if (done.equals(gid)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Moves the clock past the lease and retry interval and runs the cron until nothing is due. */
    public void cronRounds(int rounds) {
        for (int i = 0; i < rounds; i++) {
            clock.advance(java.time.Duration.ofSeconds(3600));
            server.runCronOnce();
        }
    }
}
