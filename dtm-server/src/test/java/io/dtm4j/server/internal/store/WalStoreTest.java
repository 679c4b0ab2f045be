package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.TransType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log under the embedded store: what it replays, what it skips, torn and damaged files, segments
 * and checkpoints, reset. The store below is a {@link MemoryStore} where a test needs to lose everything the log
 * does not hold (what a crash does to H2's unwritten pages); the process-level proof is the forked crash test.
 */
class WalStoreTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private static GlobalTrans global(String gid, TransStatus status) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.SAGA;
        g.status = status;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.options = "{\"retry_interval\":7}";
        g.customData = "{\"orders\":{}}";
        g.nextCronInterval = 10;
        g.nextCronTime = NOW.plusSeconds(10);
        g.owner = "owner-" + gid;
        return g;
    }

    private static BranchTrans branch(String gid, String id, String op) {
        return BranchTrans.of(gid, id, op, "http://rm/" + op, ("{\"gid\":\"" + gid + "\"}").getBytes(), NOW);
    }

    private static BranchTrans result(BranchTrans b, BranchStatus status) {
        BranchTrans r = b.copy();
        r.status = status;
        r.updateTime = NOW.plusSeconds(1);
        r.finishTime = NOW.plusSeconds(1);
        return r;
    }

    /** Every kind of change, on {@code n} gids; a noted branch result is written as an update when asked. */
    private static void changes(TransStore store, int n) {
        changes(store, n, false);
    }

    private static void changes(TransStore store, int n, boolean notesAsUpdates) {
        for (int i = 0; i < n; i++) {
            String gid = "g" + i;
            BranchTrans a = branch(gid, "01", "action");
            BranchTrans c = branch(gid, "01", "compensate");
            store.create(global(gid, TransStatus.PREPARED), List.of(a, c));
            store.appendBranches(gid, TransStatus.PREPARED, List.of(branch(gid, "02", "action")));
            GlobalTrans submitted = global(gid, TransStatus.SUBMITTED);
            submitted.updateTime = NOW.plusSeconds(2);
            assertThat(store.changeStatus(submitted, TransStatus.PREPARED)).isTrue();
            if (notesAsUpdates) {
                store.updateBranches(gid, TransStatus.SUBMITTED, List.of(result(a, BranchStatus.SUCCEED)));
            } else {
                store.noteBranchResults(gid, TransStatus.SUBMITTED, List.of(result(a, BranchStatus.SUCCEED)));
            }
            if (i % 2 == 0) {
                GlobalTrans done = global(gid, TransStatus.SUCCEED);
                done.finishTime = NOW.plusSeconds(3);
                done.result = "r" + i;
                // As the engine does: a noted result is written later with the status change (or not at all).
                assertThat(store.changeStatus(done, TransStatus.SUBMITTED, List.of(result(a, BranchStatus.SUCCEED),
                        result(branch(gid, "02", "action"), BranchStatus.SUCCEED)))).isTrue();
            } else {
                assertThat(store.updateBranches(gid, TransStatus.SUBMITTED,
                        List.of(result(c, BranchStatus.FAILED)))).isTrue();
            }
        }
        store.createKv("topics", "t1", "[\"a\"]");
        store.createKv("topics", "t2", "[\"b\"]");
        assertThat(store.updateKv("topics", "t1", "[\"a\",\"c\"]", 1)).isTrue();
        assertThat(store.deleteKv("topics", "t2")).isTrue();
        // Refused changes are not logged: a compare-and-set that fails, a duplicate create.
        assertThat(store.changeStatus(global("g0", TransStatus.FAILED), TransStatus.ABORTING)).isFalse();
        assertThatThrownBy(() -> store.create(global("g0", TransStatus.PREPARED), List.of()))
                .isInstanceOf(StoreException.class);
    }

    private static String state(TransStore store, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            GlobalTrans g = store.findGlobal("g" + i).orElseThrow();
            sb.append(g.gid).append(' ').append(g.status).append(' ').append(g.transType).append(' ')
                    .append(g.options).append(' ').append(g.customData).append(' ').append(g.createTime)
                    .append(' ').append(g.updateTime).append(' ').append(g.finishTime).append(' ').append(g.result)
                    .append(' ').append(g.owner).append('\n');
            for (BranchTrans b : store.findBranches(g.gid)) {
                sb.append("  ").append(b.branchId).append('/').append(b.op).append(' ').append(b.status).append(' ')
                        .append(b.url).append(' ').append(new String(b.binData)).append(' ')
                        .append(b.updateTime).append(' ').append(b.finishTime).append('\n');
            }
        }
        store.scanKv("topics", "", 10).rows().forEach(kv -> sb.append(kv.key()).append('=').append(kv.value())
                .append(" v").append(kv.version()).append('\n'));
        return sb.toString();
    }

    @Test
    void everyChangeIsReplayedIntoAStoreThatLostThem() {
        MemoryStore reference = new MemoryStore();
        changes(reference, 20, true);
        WalStore first = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        changes(first, 20);
        // The store below is gone (a crash before H2 wrote its file); only the log is left.
        WalStore second = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        try {
            assertThat(state(second, 20)).isEqualTo(state(reference, 20));
            assertThat(second.findBranches("g1").get(0).status).as("a noted result is replayed")
                    .isEqualTo(BranchStatus.SUCCEED);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void replayingOverAStoreThatHasTheChangesAlreadyEndsAsReplayingIntoAnEmptyOne() throws IOException {
        MemoryStore below = new MemoryStore();
        WalStore first = WalStore.open(below, () -> { }, dir, 1L << 30);
        changes(first, 10);
        first.close();
        Path copy = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-copy"));
        for (Path p : segments()) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        WalStore intoEmpty = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        WalStore overFull = WalStore.open(below, () -> { }, copy, 1L << 30);
        try {
            assertThat(state(overFull, 10)).isEqualTo(state(intoEmpty, 10));
        } finally {
            intoEmpty.close();
            overFull.close();
        }
    }

    @Test
    void aCreationTheStoreBelowKeptWithoutAllItsBranchRowsGetsThemBack() {
        WalStore first = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        first.create(global("p1", TransStatus.SUBMITTED), List.of(branch("p1", "01", "compensate"),
                branch("p1", "01", "action")));
        first.close();
        // What a crash left below once: the global row, and not every branch row.
        MemoryStore below = new MemoryStore();
        below.create(global("p1", TransStatus.SUBMITTED), List.of(branch("p1", "01", "compensate")));
        WalStore second = WalStore.open(below, () -> { }, dir, 1L << 30);
        try {
            assertThat(second.findBranches("p1")).extracting(b -> b.branchId + "/" + b.op)
                    .containsExactlyInAnyOrder("01/compensate", "01/action");
        } finally {
            second.close();
        }
    }

    @Test
    void aTornLastRecordIsIgnoredAndDamageBeforeTheEndIsRefused() throws IOException {
        WalStore first = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        changes(first, 3);
        first.close();
        Path segment = segments().get(0);
        Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9}, StandardOpenOption.APPEND);
        WalStore second = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        assertThat(second.findGlobal("g2")).isPresent();
        second.create(global("x", TransStatus.SUBMITTED), List.of());
        second.close();
        // Two segments now; damage the first one in the middle.
        Files.copy(segments().get(0), dir.resolve("wal-1.log"));
        byte[] bytes = Files.readAllBytes(dir.resolve("wal-1.log"));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dir.resolve("wal-1.log"), bytes);
        assertThatThrownBy(() -> WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30))
                .isInstanceOf(StoreException.class).hasMessageContaining("wal-1.log is damaged at byte")
                .hasMessageContaining("move the file away");
    }

    @Test
    void aFullSegmentCheckpointsTheStoreBelowAndOlderSegmentsAreDeleted() throws Exception {
        AtomicInteger checkpoints = new AtomicInteger();
        WalStore store = WalStore.open(new MemoryStore(), checkpoints::incrementAndGet, dir, 4096);
        try {
            changes(store, 50);
            // The checkpointer runs beside the writer: give it a moment to catch up with the last rotation.
            for (int i = 0; i < 100 && segments().size() > 2; i++) {
                Thread.sleep(20);
            }
            assertThat(checkpoints.get()).isGreaterThan(3);
            assertThat(segments()).hasSizeLessThanOrEqualTo(2);
        } finally {
            store.close();
        }
    }

    @Test
    void afterAResetNothingComesBack() {
        WalStore first = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        changes(first, 5);
        first.reset();
        first.create(global("after", TransStatus.SUBMITTED), List.of());
        first.close();
        WalStore second = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        try {
            assertThat(second.findGlobal("g0")).isEmpty();
            assertThat(second.findGlobal("after")).isPresent();
        } finally {
            second.close();
        }
    }

    @Test
    void concurrentChangesShareSyncs() throws Exception {
        WalStore store = WalStore.open(new MemoryStore(), () -> { }, dir, 1L << 30);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.create(global("c" + thread + "-" + i, TransStatus.SUBMITTED), List.of());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long syncs = store.syncs();
            System.out.println("[wal] 800 creates from 16 threads took " + syncs + " syncs");
            assertThat(syncs).as("syncs for 800 concurrent creates").isLessThan(800);
        } finally {
            pool.shutdownNow();
            store.close();
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }
}
