package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransType;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.server.internal.config.ServerSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cron's pick on the real MariaDB and PostgreSQL, on a schema of its own: concurrent pickers (several server
 * instances) lease every due row exactly once and never a finished one; on PostgreSQL the longest-overdue row
 * comes first, also after many finished transactions left their old index entries behind.
 */
class JdbcCronPickTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static GlobalTrans global(String gid, TransStatus status, Instant due) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.SAGA;
        g.status = status;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.nextCronInterval = 10;
        g.nextCronTime = due;
        g.owner = "creator-" + gid;
        return g;
    }

    private static JdbcStore fresh(String db) {
        JdbcStore store = new JdbcStore(db.equals("mariadb") ? TestDatabases.mariadb(ServerSettings.MARIADB_OPTIONS)
                : TestDatabases.byName(db), "dtm_pick", null);
        store.reset();
        return store;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void concurrentPickersLeaseEachDueRowOnceAndNoFinishedOne(String db) throws Exception {
        try (JdbcStore store = fresh(db)) {
            int due = 60;
            for (int i = 0; i < due; i++) {
                store.create(global("due-" + i, i % 3 == 0 ? TransStatus.PREPARED : TransStatus.SUBMITTED,
                        NOW.minusSeconds(100 + i)), List.of());
                GlobalTrans done = global("done-" + i, TransStatus.SUBMITTED, NOW.minusSeconds(200 + i));
                store.create(done, List.of());
                done.status = TransStatus.SUCCEED;
                assertThat(store.changeStatus(done, TransStatus.SUBMITTED)).isTrue();
            }
            store.create(global("later", TransStatus.SUBMITTED, NOW.plusSeconds(3600)), List.of());
            Map<String, String> leasedBy = new ConcurrentHashMap<>();
            ExecutorService pickers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    String picker = "picker-" + p;
                    runs.add(pickers.submit(() -> {
                        for (int n = 0; ; n++) {
                            Optional<GlobalTrans> one = store.leaseOne(NOW, NOW.plusSeconds(600), picker + "-" + n);
                            if (one.isEmpty()) {
                                return null;
                            }
                            assertThat(leasedBy.put(one.get().gid, one.get().owner)).as("leased twice: "
                                    + one.get().gid).isNull();
                            assertThat(one.get().owner).isEqualTo(picker + "-" + n);
                            assertThat(one.get().nextCronTime).isEqualTo(NOW.plusSeconds(600));
                        }
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                pickers.shutdownNow();
            }
            assertThat(leasedBy).hasSize(due);
            assertThat(leasedBy.keySet()).allMatch(gid -> gid.startsWith("due-"));
        }
    }

    @Test
    void postgresPicksTheLongestOverdueFirstPastFinishedRows() {
        try (JdbcStore store = fresh("postgres")) {
            // Finished transactions that were due when they finished: their first index entries stay behind.
            for (int i = 0; i < 500; i++) {
                GlobalTrans done = global("done-" + i, TransStatus.SUBMITTED, NOW.minusSeconds(1000 + i));
                store.create(done, List.of());
                done.status = TransStatus.SUCCEED;
                assertThat(store.changeStatus(done, TransStatus.SUBMITTED)).isTrue();
            }
            store.create(global("recent", TransStatus.SUBMITTED, NOW.minusSeconds(5)), List.of());
            store.create(global("oldest", TransStatus.ABORTING, NOW.minusSeconds(50)), List.of());
            store.create(global("middle", TransStatus.PREPARED, NOW.minusSeconds(20)), List.of());
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                store.leaseOne(NOW, NOW.plusSeconds(600), "cron-" + i).ifPresent(g -> order.add(g.gid));
            }
            assertThat(order).containsExactly("oldest", "middle", "recent");
        }
    }
}
