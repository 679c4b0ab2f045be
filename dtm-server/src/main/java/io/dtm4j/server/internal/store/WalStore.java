package io.dtm4j.server.internal.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store made durable by a write-ahead log: every change is applied to the store below (the embedded H2 database,
 * which writes its file in the background), then appended to the log, and the call returns only once the log is
 * synced to disk. Concurrent calls share one sync (group commit). At open, the log is replayed into the store
 * below, so nothing acknowledged is lost to a crash, whatever the store below had written.
 *
 * <p>Changes to one gid are applied and appended under one lock (striped by gid), so the log has them in the
 * order the store below applied them; replaying goes through the same compare-and-set operations, which skip a
 * change the store below already has. Scheduling writes (leases, next cron times) are not logged: after a crash
 * every round in flight is due at once ({@link #dueAtStart}). A branch result noted by the engine is appended
 * without waiting, so a crash repeats fewer calls.
 */
public final class WalStore implements TransStore {

    private static final Logger log = LoggerFactory.getLogger(WalStore.class);
    private static final int STRIPES = 1024;
    /** Size after which the log starts a new segment and checkpoints the store below. */
    static final long SEGMENT_BYTES = 16L << 20;

    private final TransStore below;
    private final Runnable checkpoint;
    private final Wal wal;
    private final Object[] stripes = new Object[STRIPES];
    /** Runs once both the log and the store below closed without an error (the embedded store's clean marker). */
    private Runnable afterClose = () -> { };

    private WalStore(TransStore below, Runnable checkpoint, Wal wal) {
        this.below = below;
        this.checkpoint = checkpoint;
        this.wal = wal;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * The embedded store: H2 in {@code directory/dtm.mv.db} and the log in {@code directory/wal}.
     *
     * @param directory the data directory (created if missing)
     * @return the store; closing it closes both
     */
    public static WalStore h2(Path directory) {
        boolean existed = java.nio.file.Files.exists(directory.resolve("dtm.mv.db"));
        JdbcStore h2 = JdbcStore.h2File(directory);
        try {
            if (!H2Repair.takeCleanMarker(directory) && existed) {
                h2.rebuildIndexes();
            }
            WalStore store = open(h2, h2::checkpoint, directory.resolve("wal"), SEGMENT_BYTES);
            store.afterClose = () -> H2Repair.markClean(directory);
            return store;
        } catch (RuntimeException e) {
            h2.close();
            throw e;
        }
    }

    /**
     * Opens the log in {@code dir} over {@code below}, replaying what it holds.
     *
     * @param below the store that holds the data
     * @param checkpoint makes everything {@code below} committed durable in its own files
     * @param dir the log's directory
     * @param segmentBytes the segment size
     * @return the store
     */
    static WalStore open(TransStore below, Runnable checkpoint, Path dir, long segmentBytes) {
        long started = System.nanoTime();
        Wal.Opened opened = Wal.open(dir, segmentBytes, checkpoint, record -> WalCodec.replay(record, below));
        if (opened.replayed() > 0) {
            log.info("write-ahead log {}: {} changes replayed in {} ms", dir, opened.replayed(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return new WalStore(below, checkpoint, opened.wal());
    }

    private Object stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    /**
     * Applies a change below and logs it, then waits for the disk. A change that was refused (a duplicate, a lost
     * compare-and-set) waits for every record appended so far: the refusal may be answered as an acknowledgement
     * of what another request wrote (a repeated submit), which must be durable first.
     */
    private <T> T logged(String key, Supplier<T> change, java.util.function.Function<T, byte[]> record) {
        wal.checkWritable();
        long seq;
        T result;
        synchronized (stripe(key)) {
            try {
                result = change.get();
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.FAILED) {
                    wal.awaitAll();
                }
                throw e;
            }
            byte[] bytes = record.apply(result);
            if (bytes == null) {
                seq = -1;
            } else {
                seq = wal.append(bytes);
            }
        }
        if (seq < 0) {
            wal.awaitAll();
        } else {
            wal.await(seq);
        }
        return result;
    }

    /** Reads a transaction; waits first for changes not yet synced, so an answer built on it is durable. */
    @Override
    public Optional<GlobalTrans> findGlobal(String gid) {
        wal.awaitAll();
        return below.findGlobal(gid);
    }

    @Override
    public List<BranchTrans> findBranches(String gid) {
        return below.findBranches(gid);
    }

    @Override
    public void create(GlobalTrans global, List<BranchTrans> branches) {
        logged(global.gid, () -> {
            below.create(global, branches);
            return Boolean.TRUE;
        }, done -> WalCodec.create(global, branches));
    }

    @Override
    public void appendBranches(String gid, TransStatus expectedStatus, List<BranchTrans> branches) {
        logged(gid, () -> {
            below.appendBranches(gid, expectedStatus, branches);
            return Boolean.TRUE;
        }, done -> WalCodec.append(gid, expectedStatus, branches));
    }

    @Override
    public boolean changeStatus(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> branches) {
        return logged(global.gid, () -> below.changeStatus(global, oldStatus, branches),
                done -> done ? WalCodec.status(global, oldStatus, branches) : null);
    }

    @Override
    public boolean updateBranches(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
        return logged(gid, () -> below.updateBranches(gid, globalStatus, branches),
                done -> done && !branches.isEmpty() ? WalCodec.branches(gid, globalStatus, branches) : null);
    }

    @Override
    public void noteBranchResults(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
        synchronized (stripe(gid)) {
            try {
                wal.append(WalCodec.branches(gid, globalStatus, branches));
            } catch (StoreException e) {
                // Only a hint: the results are written with the round's next change, which reports the failure.
                log.debug("gid {}: branch results not logged ahead: {}", gid, e.getMessage());
            }
        }
    }

    @Override
    public boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime, long interval) {
        return below.touch(gid, status, owner, nextCronTime, interval);
    }

    @Override
    public boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner, Instant until,
            long interval, Instant now) {
        return below.lease(gid, status, expectedOwner, newOwner, until, interval, now);
    }

    @Override
    public Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner) {
        return below.leaseOne(dueBefore, leaseUntil, owner);
    }

    @Override
    public int resetCronTime(Instant later, Instant now, int limit) {
        return below.resetCronTime(later, now, limit);
    }

    @Override
    public int dueAtStart(Instant now) {
        return below.dueAtStart(now);
    }

    @Override
    public ScanResult scan(ScanQuery query) {
        return below.scan(query);
    }

    @Override
    public void reset() {
        // The official -r flag, at start: the log's records are older than the reset and must not come back at the
        // next open; the reset is made durable below before they are dropped.
        below.reset();
        checkpoint.run();
        wal.truncate();
    }

    @Override
    public int maxPayloadBytes() {
        return below.maxPayloadBytes();
    }

    @Override
    public Optional<KvRecord> findKv(String cat, String key) {
        return below.findKv(cat, key);
    }

    @Override
    public KvPage scanKv(String cat, String position, int limit) {
        return below.scanKv(cat, position, limit);
    }

    @Override
    public void createKv(String cat, String key, String value) {
        logged(cat + "\u0000" + key, () -> {
            below.createKv(cat, key, value);
            return Boolean.TRUE;
        }, done -> WalCodec.kv(WalCodec.Type.KV_CREATE, cat, key, value, 0));
    }

    @Override
    public boolean updateKv(String cat, String key, String value, long version) {
        return logged(cat + "\u0000" + key, () -> below.updateKv(cat, key, value, version),
                done -> done ? WalCodec.kv(WalCodec.Type.KV_UPDATE, cat, key, value, version) : null);
    }

    @Override
    public boolean deleteKv(String cat, String key) {
        return logged(cat + "\u0000" + key, () -> below.deleteKv(cat, key),
                done -> done ? WalCodec.kv(WalCodec.Type.KV_DELETE, cat, key, "", 0) : null);
    }

    /** @return how many times the log was synced (a test hook) */
    long syncs() {
        return wal.syncs();
    }

    @Override
    public void close() {
        try {
            wal.close();
        } finally {
            below.close();
        }
        afterClose.run();
    }
}
