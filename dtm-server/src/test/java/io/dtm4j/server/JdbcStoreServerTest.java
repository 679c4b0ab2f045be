package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.server.store.DtmStore;
import io.dtm4j.server.store.Stores;
import io.dtm4j.server.support.BranchService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An embedded server on {@code Stores.jdbc(dataSource, schema)}: the public way to put it on a real database. */
class JdbcStoreServerTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void sagasRunOnAStoreMadeFromADataSource(String database) throws Exception {
        String gid = "jdbc-store-" + database + "-" + System.nanoTime();
        try (BranchService rm = new BranchService();
                DtmServer server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0)
                        .cronEnabled(false).store(() -> Stores.jdbc(TestDatabases.byName(database), "dtm"))
                        .build())) {
            rm.next("/in", "FAILURE");
            DtmClient client = DtmClient.create(server.url());
            client.saga(gid + "-ok").add(rm.url("/out"), rm.url("/outRevert"), 1).waitResult(true).submit();
            assertThatThrownBy(() -> client.saga(gid + "-ko").add(rm.url("/out"), rm.url("/outRevert"), 1)
                    .add(rm.url("/in"), rm.url("/inRevert"), 2).waitResult(true).submit())
                    .isInstanceOf(DtmTransactionFailedException.class);
            assertThat(client.query(gid + "-ok").status()).isEqualTo(TransStatus.SUCCEED);
            assertThat(client.query(gid + "-ko").status()).isEqualTo(TransStatus.FAILED);
        }
    }

    @org.junit.jupiter.api.Test
    void aStoreThatIsNotTheServersOwnIsRefusedAtStart() {
        DtmStore foreign = () -> { };
        assertThatThrownBy(() -> DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0)
                .store(() -> foreign).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("make it with io.dtm4j.server.store.Stores");
    }
}
