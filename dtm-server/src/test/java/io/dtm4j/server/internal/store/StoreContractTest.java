package io.dtm4j.server.internal.store;

import io.dtm4j.client.TransType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.server.internal.config.ServerSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every TransStore must do (spec §8), on memory, H2, the embedded store (H2 with its write-ahead log),
 * MariaDB, PostgreSQL and Redis (all real).
 */
class StoreContractTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** A prefix of this run's own, so the real Redis shared with other tests sees nothing of them. */
    private static final String REDIS_PREFIX = "{contract-" + UUID.randomUUID().toString().substring(0, 8) + "}";
    private static final List<TransStore> OPENED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void closeStores() {
        OPENED.forEach(s -> {
            if (s instanceof RedisStore) {
                s.reset();
            }
            s.close();
        });
    }

    static TransStore open(String kind) {
        return switch (kind) {
            case "memory" -> new MemoryStore();
            case "redis" -> {
                TransStore s = new RedisStore(io.lettuce.core.RedisURI.create("redis://127.0.0.1:6379"), REDIS_PREFIX,
                        600, 60);
                OPENED.add(s);
                yield s;
            }
            case "embedded" -> {
                try {
                    TransStore s = WalStore.h2(java.nio.file.Files.createTempDirectory("dtm-contract"));
                    OPENED.add(s);
                    yield s;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            default -> new JdbcStore(shipped(kind), "dtm", null);
        };
    }

    private static GlobalTrans global(String gid, TransStatus status) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.TCC;
        g.status = status;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.options = "{\"concurrent\":false}";
        g.nextCronInterval = 10;
        g.nextCronTime = NOW.plusSeconds(10);
        return g;
    }

    private static String gid() {
        return "st-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void createReadAndRefuseADuplicateGid(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        store.create(global(gid, TransStatus.PREPARED), List.of(BranchTrans.of(gid, "01", "action", "http://rm/a",
                "{\"a\":1}".getBytes(), NOW)));

        GlobalTrans read = store.findGlobal(gid).orElseThrow();
        assertThat(read.status).isEqualTo(TransStatus.PREPARED);
        assertThat(read.options).isEqualTo("{\"concurrent\":false}");
        assertThat(read.createTime).isEqualTo(NOW);
        assertThat(store.findBranches(gid)).singleElement().satisfies(b -> {
            assertThat(new String(b.binData)).isEqualTo("{\"a\":1}");
            assertThat(b.op).isEqualTo("action");
        });
        assertThatThrownBy(() -> store.create(global(gid, TransStatus.PREPARED), List.of()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind())
                        .isEqualTo(StoreException.Kind.DUPLICATE));
        assertThat(store.findGlobal("absent-" + gid)).isEmpty();
        finish(store, gid);
    }

    /** Rows left unfinished would be due for every later lease test on the shared databases. */
    private static void finish(TransStore store, String gid) {
        GlobalTrans g = store.findGlobal(gid).orElseThrow();
        TransStatus old = g.status;
        g.status = TransStatus.FAILED;
        assertThat(store.changeStatus(g, old)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void branchesAppendOnlyWhileTheStatusHoldsAndOncePerBranchAndOp(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        store.create(global(gid, TransStatus.PREPARED), List.of());

        store.appendBranches(gid, TransStatus.PREPARED, List.of(BranchTrans.of(gid, "01", "cancel", "", null, NOW),
                BranchTrans.of(gid, "01", "confirm", "", null, NOW)));

        assertThat(store.findBranches(gid)).extracting(b -> b.op).containsExactly("cancel", "confirm");
        assertThatThrownBy(() -> store.appendBranches(gid, TransStatus.PREPARED,
                List.of(BranchTrans.of(gid, "01", "cancel", "", null, NOW))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind())
                        .isEqualTo(StoreException.Kind.DUPLICATE));
        assertThatThrownBy(() -> store.appendBranches(gid, TransStatus.SUBMITTED,
                List.of(BranchTrans.of(gid, "02", "cancel", "", null, NOW))))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind())
                        .isEqualTo(StoreException.Kind.NOT_FOUND));
        finish(store, gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void statusChangesAreCompareAndSet(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        store.create(global(gid, TransStatus.PREPARED), List.of(BranchTrans.of(gid, "01", "confirm", "", null, NOW)));
        GlobalTrans next = store.findGlobal(gid).orElseThrow();
        next.status = TransStatus.SUBMITTED;

        assertThat(store.changeStatus(next, TransStatus.PREPARED)).isTrue();
        assertThat(store.changeStatus(next, TransStatus.PREPARED)).as("lost race").isFalse();

        BranchTrans b = store.findBranches(gid).get(0);
        b.status = BranchStatus.SUCCEED;
        b.finishTime = NOW;
        assertThat(store.updateBranches(b.gid, TransStatus.ABORTING, List.of(b))).isFalse();
        assertThat(store.updateBranches(b.gid, TransStatus.SUBMITTED, List.of(b))).isTrue();
        assertThat(store.findBranches(gid).get(0).status).isEqualTo(BranchStatus.SUCCEED);
        assertThat(store.touch(gid, TransStatus.SUBMITTED, null, NOW.plusSeconds(40), 40)).isTrue();
        assertThat(store.touch(gid, TransStatus.PREPARED, null, NOW.plusSeconds(80), 80)).isFalse();
        assertThat(store.findGlobal(gid).orElseThrow().nextCronInterval).isEqualTo(40);
        finish(store, gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void aStatusChangeWritesItsBranchRowsAtomically(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        store.create(global(gid, TransStatus.SUBMITTED), List.of(BranchTrans.of(gid, "01", "action", "", null, NOW),
                BranchTrans.of(gid, "02", "action", "", null, NOW)));
        List<BranchTrans> rows = store.findBranches(gid);
        rows.forEach(b -> {
            b.status = BranchStatus.SUCCEED;
            b.finishTime = NOW.plusSeconds(1);
        });
        GlobalTrans done = store.findGlobal(gid).orElseThrow();
        done.status = TransStatus.SUCCEED;

        assertThat(store.changeStatus(done, TransStatus.PREPARED, rows)).as("lost race").isFalse();
        assertThat(store.findBranches(gid)).extracting(b -> b.status)
                .containsExactly(BranchStatus.PREPARED, BranchStatus.PREPARED);
        assertThat(store.changeStatus(done, TransStatus.SUBMITTED, rows)).isTrue();
        assertThat(store.findBranches(gid)).extracting(b -> b.status)
                .containsExactly(BranchStatus.SUCCEED, BranchStatus.SUCCEED);
        assertThat(store.findBranches(gid).get(1).finishTime).isEqualTo(NOW.plusSeconds(1));
        assertThat(store.findGlobal(gid).orElseThrow().status).isEqualTo(TransStatus.SUCCEED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void resetEmptiesEveryTableAndLeavesAWorkingStore(String kind) {
        // its own schema: the reset drops tables, which other tests of the shared database must not see
        TransStore store = List.of("memory", "embedded", "redis").contains(kind) ? open(kind)
                : new JdbcStore(shipped(kind), "dtm_reset_test", null);
        String gid = gid();
        store.create(global(gid, TransStatus.SUBMITTED), List.of(BranchTrans.of(gid, "01", "action", "", null, NOW)));
        store.createKv("topic", "t-" + gid, "[]");

        store.reset();

        assertThat(store.findGlobal(gid)).isEmpty();
        assertThat(store.findBranches(gid)).isEmpty();
        assertThat(store.findKv("topic", "t-" + gid)).isEmpty();
        store.create(global(gid, TransStatus.SUBMITTED), List.of());
        assertThat(store.findGlobal(gid)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void aLeaseIsHandedOverOnlyWhenReleasedOrExpired(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        GlobalTrans g = global(gid, TransStatus.SUBMITTED);
        g.owner = "round-a";
        store.create(g, List.of());
        Instant held = NOW.plusSeconds(10);

        assertThat(store.lease(gid, TransStatus.SUBMITTED, null, "round-b", NOW.plusSeconds(20), 10, NOW))
                .as("held by round-a until its next cron time").isFalse();
        assertThat(store.lease(gid, TransStatus.SUBMITTED, "round-x", "", NOW.plusSeconds(5), 5, NOW))
                .as("a release by another owner").isFalse();
        assertThat(store.lease(gid, TransStatus.SUBMITTED, "round-a", "", NOW.plusSeconds(5), 5, NOW)).isTrue();
        assertThat(store.findGlobal(gid).orElseThrow().owner).isEmpty();
        assertThat(store.lease(gid, TransStatus.ABORTING, null, "round-b", held, 10, NOW)).as("wrong status")
                .isFalse();
        assertThat(store.lease(gid, TransStatus.SUBMITTED, null, "round-b", held, 10, NOW)).as("released").isTrue();
        assertThat(store.lease(gid, TransStatus.SUBMITTED, null, "round-c", held, 10, NOW)).as("held by b").isFalse();
        assertThat(store.lease(gid, TransStatus.SUBMITTED, null, "round-c", held.plusSeconds(10), 10,
                held.plusSeconds(1))).as("b's lease expired").isTrue();
        GlobalTrans now = store.findGlobal(gid).orElseThrow();
        assertThat(now.owner).isEqualTo("round-c");
        assertThat(now.nextCronTime).isEqualTo(held.plusSeconds(10));
        assertThat(store.touch(gid, TransStatus.SUBMITTED, "round-b", NOW, 1)).as("b lost it").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "embedded", "mariadb", "postgres", "redis"})
    void theLeaseTakesOnlyDueUnfinishedRowsAndMovesThem(String kind) {
        TransStore store = open(kind);
        String gid = gid();
        store.create(global(gid, TransStatus.SUBMITTED), List.of());
        Instant far = NOW.plusSeconds(100_000);

        GlobalTrans leased = null;
        for (int i = 0; i < 1000 && leased == null; i++) {
            GlobalTrans one = store.leaseOne(far, far.plusSeconds(10), "owner-" + gid + "-" + i).orElseThrow();
            leased = one.gid.equals(gid) ? one : null;
        }

        assertThat(leased).as("our row among the due ones").isNotNull();
        assertThat(leased.nextCronTime).isEqualTo(far.plusSeconds(10));
        assertThat(store.touch(gid, TransStatus.SUBMITTED, "a-round-that-lost-its-lease", far.plusSeconds(99), 99))
                .as("a touch by a former owner").isFalse();
        assertThat(store.touch(gid, TransStatus.SUBMITTED, leased.owner, far.plusSeconds(10), 10)).as("the owner")
                .isTrue();
        assertThat(store.findGlobal(gid).orElseThrow().nextCronTime).isEqualTo(far.plusSeconds(10));
        GlobalTrans done = store.findGlobal(gid).orElseThrow();
        done.status = TransStatus.SUCCEED;
        store.changeStatus(done, TransStatus.SUBMITTED);
        for (int i = 0; i < 50; i++) {
            store.leaseOne(far.plusSeconds(20), far.plusSeconds(30), "o" + i)
                    .ifPresent(g -> assertThat(g.gid).isNotEqualTo(gid));
        }
    }

    /** The test database, with the connection options the standalone server uses. */
    private static javax.sql.DataSource shipped(String kind) {
        return kind.equals("mariadb") ? TestDatabases.mariadb(ServerSettings.MARIADB_OPTIONS)
                : TestDatabases.byName(kind);
    }
}
