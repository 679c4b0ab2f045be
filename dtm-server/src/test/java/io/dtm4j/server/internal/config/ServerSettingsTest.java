package io.dtm4j.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official configuration keys: environment names, conf.yml overrides, validation, SQL store drivers. */
class ServerSettingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"HttpPort,HTTP_PORT", "Store.Driver,STORE_DRIVER", "MicroService.EndPoint,MICRO_SERVICE_END_POINT",
        "TransCronInterval,TRANS_CRON_INTERVAL", "Store.MaxOpenConns,STORE_MAX_OPEN_CONNS",
        "Store.MaxIdleConns,STORE_MAX_IDLE_CONNS", "Store.ConnMaxLifeTime,STORE_CONN_MAX_LIFE_TIME"})
    void yamlPathsMapToTheOfficialEnvironmentNames(String path, String env) {
        assertThat(ServerSettings.envName(path)).isEqualTo(env);
    }

    @Test
    void theYamlFileOverridesTheEnvironment() throws Exception {
        Path yaml = Files.writeString(dir.resolve("conf.yml"), "HttpPort: 36111\nRetryInterval: 20\n"
                + "Store:\n  Driver: memory\n");

        DtmServerConfig config = ServerSettings.load(Map.of("HTTP_PORT", "36222", "TIMEOUT_TO_FAIL", "60"), yaml)
                .toConfig();

        assertThat(config.httpPort()).isEqualTo(36111);
        assertThat(config.retryInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.timeoutToFail()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void wrongValuesStopTheStartWithTheKeyAndValue() {
        assertThatThrownBy(() -> ServerSettings.load(Map.of("RETRY_INTERVAL", "5"), null).toConfig())
                .hasMessageContaining("RetryInterval must be at least 10 s");
        assertThatThrownBy(() -> ServerSettings.load(Map.of("HTTP_PORT", "abc"), null).toConfig())
                .hasMessageContaining("HTTP_PORT must be a whole number from 0 to 65535 but was 'abc'");
        assertThatThrownBy(() -> ServerSettings.load(Map.of("STORE_DRIVER", "mysql"), null).toConfig())
                .hasMessageContaining("STORE_HOST is required for STORE_DRIVER 'mysql'");
        assertThatThrownBy(() -> ServerSettings.load(Map.of(), dir.resolve("missing.yml")))
                .hasMessageContaining("cannot read the configuration file");
    }

    @ParameterizedTest
    @CsvSource({"mysql,3306,root,dtm", "postgres,5432,postgres,test"})
    void theSqlDriversRunSagasOnTheRealDatabases(String driver, String port, String user, String db) {
        DtmServerConfig base = ServerSettings.load(Map.of("STORE_DRIVER", driver, "STORE_HOST", "127.0.0.1",
                "STORE_PORT", port, "STORE_USER", user, "STORE_DB", db, "STORE_SCHEMA", "dtm", "HTTP_PORT", "0"),
                null).toConfig();
        try (DtmServer server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0)
                .store(base.store()).build())) {
            DtmClient client = DtmClient.create(server.url());
            String gid = "cfg-" + UUID.randomUUID().toString().substring(0, 10);

            client.saga(gid).add("", "", 1).waitResult(true).submit();

            assertThat(client.query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        }
    }
}
