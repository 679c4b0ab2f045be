package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.internal.config.ServerSettings;
import io.dtm4j.server.store.Stores;
import io.dtm4j.server.support.BranchService;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file store under the real engine: sagas run on it and survive a restart. */
class H2FileStoreTest {

    @TempDir
    Path dir;

    private DtmServer start() {
        return DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0).cronEnabled(false)
                .store(() -> Stores.h2File(dir)).build());
    }

    @Test
    void sagasSucceedAndCompensateOnTheFileStoreAndSurviveARestart() throws Exception {
        try (BranchService rm = new BranchService()) {
            rm.next("/in", "FAILURE");
            try (DtmServer server = start()) {
                DtmClient client = DtmClient.create(server.url());
                client.saga("h2-ok").add(rm.url("/out"), rm.url("/outRevert"), 1).waitResult(true).submit();
                assertThatThrownBy(() -> client.saga("h2-ko").add(rm.url("/out"), rm.url("/outRevert"), 1)
                        .add(rm.url("/in"), rm.url("/inRevert"), 2).waitResult(true).submit())
                        .isInstanceOf(DtmTransactionFailedException.class);
            }
            try (DtmServer restarted = start()) {
                DtmClient client = DtmClient.create(restarted.url());
                assertThat(client.query("h2-ok").status()).isEqualTo(TransStatus.SUCCEED);
                assertThat(client.query("h2-ko").status()).isEqualTo(TransStatus.FAILED);
                assertThat(client.query("h2-ko").branches()).extracting(b -> b.status().wireName())
                        .containsExactly("succeed", "succeed", "succeed", "failed");
            }
        }
    }

    @Test
    void theResetFlagEmptiesTheFileStoreBeforeServing() throws Exception {
        Map<String, String> env = Map.of("STORE_DRIVER", "h2", "STORE_DATA_DIR", dir.toString(), "HTTP_PORT", "0");
        try (DtmServer server = DtmServer.start(ServerSettings.load(env, null).toConfig(false))) {
            DtmClient.create(server.url()).saga("h2-before-reset").add("", "", 1).waitResult(true).submit();
        }
        try (DtmServer kept = DtmServer.start(ServerSettings.load(env, null).toConfig(false))) {
            assertThat(DtmClient.create(kept.url()).query("h2-before-reset").status())
                    .isEqualTo(TransStatus.SUCCEED);
        }
        try (DtmServer reset = DtmServer.start(ServerSettings.load(env, null).toConfig(true))) {
            DtmClient client = DtmClient.create(reset.url());
            assertThat(client.query("h2-before-reset").transaction()).isEmpty();
            client.saga("h2-after-reset").add("", "", 1).waitResult(true).submit();
            assertThat(client.query("h2-after-reset").status()).isEqualTo(TransStatus.SUCCEED);
        }
    }
}
