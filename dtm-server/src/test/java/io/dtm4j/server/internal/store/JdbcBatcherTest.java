package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransType;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.server.internal.config.ServerSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit on the real MariaDB and PostgreSQL: concurrent creations and status changes share batches, and
 * each still gets its own answer: of two creations of one gid exactly one wins, of two status changes from the
 * same status exactly one applies, and the branch rows of the winner (only) are written.
 */
class JdbcBatcherTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static GlobalTrans global(String gid, TransStatus status, String owner) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.SAGA;
        g.status = status;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.nextCronInterval = 10;
        g.nextCronTime = NOW.plusSeconds(10);
        g.owner = owner;
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void concurrentChangesShareBatchesAndEachGetsItsOwnAnswer(String db) throws Exception {
        JdbcStore store = new JdbcStore(shipped(db), "dtm", null);
        String run = "jb-" + UUID.randomUUID().toString().substring(0, 8);
        int gids = 200;
        java.util.Map<String, String> winners = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger changed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < gids * 2; i++) {
                String gid = run + "-" + (i % gids);
                String owner = "o" + i;
                done.add(pool.submit(() -> {
                    try {
                        store.create(global(gid, TransStatus.SUBMITTED, owner), List.of(
                                BranchTrans.of(gid, "01", "action", "http://rm/" + owner, null, NOW)));
                        created.incrementAndGet();
                        assertThat(winners.put(gid, owner)).as("a second winner for " + gid).isNull();
                    } catch (StoreException e) {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.DUPLICATE);
                        duplicates.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(store.batched()).as("creations committed in shared batches").isPositive();
            done.clear();
            for (int i = 0; i < gids * 2; i++) {
                String gid = run + "-" + (i % gids);
                String owner = "c" + i;
                done.add(pool.submit(() -> {
                    BranchTrans result = BranchTrans.of(gid, "01", "action", "", null, NOW);
                    result.status = BranchStatus.SUCCEED;
                    result.finishTime = NOW.plusSeconds(1);
                    if (store.changeStatus(global(gid, TransStatus.SUCCEED, owner), TransStatus.SUBMITTED,
                            List.of(result))) {
                        changed.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[batcher] " + db + ": " + store.batched() + " of " + gids * 4 + " changes in batches");
        assertThat(created.get()).isEqualTo(gids);
        assertThat(duplicates.get()).isEqualTo(gids);
        assertThat(changed.get()).isEqualTo(gids);
        assertThat(refused.get()).isEqualTo(gids);
        assertThat(store.batched()).as("changes committed in shared batches").isPositive();
        for (int i = 0; i < gids; i++) {
            String gid = run + "-" + i;
            GlobalTrans g = store.findGlobal(gid).orElseThrow();
            List<BranchTrans> rows = store.findBranches(gid);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).url).as("the winner's branch row").isEqualTo("http://rm/" + winners.get(gid));
            assertThat(g.status).isEqualTo(TransStatus.SUCCEED);
            assertThat(rows.get(0).status).isEqualTo(BranchStatus.SUCCEED);
        }
        store.close();
    }

    /** The test database, with the connection options the standalone server uses. */
    private static javax.sql.DataSource shipped(String kind) {
        return kind.equals("mariadb") ? TestDatabases.mariadb(ServerSettings.MARIADB_OPTIONS)
                : TestDatabases.byName(kind);
    }
}
