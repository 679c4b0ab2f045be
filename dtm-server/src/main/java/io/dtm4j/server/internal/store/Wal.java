package io.dtm4j.server.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write-ahead log with group commit: callers {@link #append} records to a buffer and {@link #await} their
 * sequence number; one writer thread writes whatever has accumulated and syncs it with one {@code fsync}, so
 * concurrent requests share a sync. Records live in numbered segment files ({@code wal-N.log}); once a segment is
 * full the writer starts the next, and a checkpointer thread makes the store below durable and deletes the older
 * ones, while syncs go on.
 *
 * <p>A record on disk is {@code length (4 bytes) crc32c (4 bytes) payload}. At open, a torn record at the end of
 * the last segment (a crash while writing it, never acknowledged) ends the replay; damage anywhere else is refused.
 */
final class Wal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Wal.class);
    private static final int HEADER = 8;

    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition synced = lock.newCondition();
    private final WalCheckpointer checkpointer;
    private final Thread writer;
    private ByteBuffer pending = ByteBuffer.allocate(64 << 10);
    private ByteBuffer spare = ByteBuffer.allocate(64 << 10);
    private long appended;
    private long durable;
    private IOException failure;
    private boolean closing;
    private FileChannel out;
    private long segment;
    private long segmentSize;
    private volatile long syncs;

    private Wal(Path dir, long segmentBytes, Runnable checkpoint, long firstSegment) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.segment = firstSegment;
        this.out = openSegment(firstSegment);
        this.writer = new Thread(this::writeLoop, "dtm-wal-writer");
        writer.setDaemon(true);
        writer.start();
        this.checkpointer = new WalCheckpointer(dir, checkpoint);
    }

    /**
     * Replays the segments in {@code dir} (oldest first) into {@code replay}, runs {@code checkpoint} so the
     * replayed changes are durable below, deletes the replayed segments and starts a new one.
     *
     * @param dir the log's directory (created if missing)
     * @param segmentBytes the size after which a new segment starts and a checkpoint runs
     * @param checkpoint makes everything the store below has committed durable in its own files
     * @param replay receives each record's payload in log order
     * @return the open log, and how many records were replayed
     * @throws StoreException FAILED when the directory cannot be used or a segment is damaged before its end
     */
    static Opened open(Path dir, long segmentBytes, Runnable checkpoint, Consumer<ByteBuffer> replay) {
        try {
            Files.createDirectories(dir);
            List<Path> segments = WalFiles.segments(dir);
            long records = 0;
            for (int i = 0; i < segments.size(); i++) {
                records += WalFiles.replay(segments.get(i), i == segments.size() - 1, replay);
            }
            long next = 1;
            if (!segments.isEmpty()) {
                checkpoint.run();
                next = WalFiles.number(segments.get(segments.size() - 1)) + 1;
                for (Path p : segments) {
                    Files.delete(p);
                }
            }
            return new Opened(new Wal(dir, segmentBytes, checkpoint, next), records);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.FAILED, "cannot open the write-ahead log in " + dir + ": "
                    + e + " (check that the directory exists, is writable and is not full)", e);
        }
    }

    /** An opened log and the number of records replayed from its directory. */
    record Opened(Wal wal, long replayed) {
    }

    /**
     * Adds a record to the buffer; it is written by the next group commit.
     *
     * @param payload the record
     * @return its sequence number, for {@link #await}
     */
    long append(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        lock.lock();
        try {
            failIfBroken();
            if (pending.remaining() < HEADER + payload.length) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2,
                        pending.position() + HEADER + payload.length));
                pending.flip();
                bigger.put(pending);
                pending = bigger;
            }
            pending.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
            appended++;
            work.signal();
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the record {@code seq} and everything before it is synced to disk.
     *
     * @param seq a sequence number from {@link #append}
     * @throws StoreException FAILED when the log cannot be written (the change may not survive a crash)
     */
    void await(long seq) {
        lock.lock();
        try {
            while (durable < seq) {
                if (failure != null || !writer.isAlive()) {
                    failIfBroken();
                    throw new StoreException(StoreException.Kind.FAILED, "the write-ahead log in " + dir + " stopped"
                            + " before the change was synced (the server is stopping; the change may not survive)");
                }
                synced.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return how many times the writer synced the log (a test hook: concurrent appends share syncs) */
    long syncs() {
        return syncs;
    }

    /**
     * Drops every record (the store below was reset): waits for what is buffered, then starts an empty segment.
     */
    void truncate() {
        lock.lock();
        try {
            while (durable < appended) {
                failIfBroken();
                synced.awaitUninterruptibly();
            }
            out.close();
            for (Path p : WalFiles.segments(dir)) {
                Files.deleteIfExists(p);
            }
            segment++;
            out = openSegment(segment);
            segmentSize = 0;
        } catch (IOException e) {
            failure = e;
            failIfBroken();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything appended so far is synced: a read that may be acknowledged must not see less. */
    void awaitAll() {
        long seq;
        lock.lock();
        try {
            if (durable >= appended) {
                return;
            }
            seq = appended;
        } finally {
            lock.unlock();
        }
        await(seq);
    }

    /** Refuses a change up front when the log cannot take it (nothing is applied below then). */
    void checkWritable() {
        lock.lock();
        try {
            failIfBroken();
        } finally {
            lock.unlock();
        }
    }

    private void failIfBroken() {
        if (failure != null) {
            throw new StoreException(StoreException.Kind.FAILED, "the write-ahead log in " + dir + " cannot be"
                    + " written: " + failure + " (the change is not durable; free disk space or fix the directory"
                    + " and restart the server)", failure);
        }
        if (closing || writer != null && !writer.isAlive()) {
            throw new StoreException(StoreException.Kind.FAILED, "the write-ahead log in " + dir + " is closed"
                    + " (the server is stopping; retry against a running instance)");
        }
    }

    private void writeLoop() {
        while (true) {
            ByteBuffer batch;
            long upTo;
            lock.lock();
            try {
                while (pending.position() == 0 && !closing) {
                    work.awaitUninterruptibly();
                }
                if (pending.position() == 0) {
                    return;
                }
                batch = pending;
                pending = spare;
                spare = batch;
                upTo = appended;
            } finally {
                lock.unlock();
            }
            try {
                batch.flip();
                segmentSize += batch.remaining();
                while (batch.hasRemaining()) {
                    out.write(batch);
                }
                out.force(false);
                syncs++;
                batch.clear();
            } catch (IOException | RuntimeException | Error e) {
                broken(e);
                return;
            }
            lock.lock();
            try {
                durable = upTo;
                synced.signalAll();
            } finally {
                lock.unlock();
            }
            if (segmentSize >= segmentBytes) {
                try {
                    rotate();
                } catch (IOException | RuntimeException | Error e) {
                    // What was synced stays acknowledged; later changes are refused until a restart.
                    broken(e);
                    return;
                }
            }
        }
    }

    private void broken(Throwable e) {
        log.error("the write-ahead log in {} cannot be written; changes are no longer acknowledged", dir, e);
        lock.lock();
        try {
            failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            synced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the next segment and hands the closed ones to the checkpointer. Every record of a closed segment was
     * appended after its change was committed below, so a checkpoint started after this covers all of them.
     */
    private void rotate() throws IOException {
        lock.lock();
        try {
            // Under the lock: truncate() replaces the same segment fields.
            out.close();
            long old = segment;
            segment++;
            out = openSegment(segment);
            segmentSize = 0;
            checkpointer.closed(old);
        } finally {
            lock.unlock();
        }
    }

    private FileChannel openSegment(long n) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("wal-" + n + ".log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot sync directory {} (not supported here)", dir, e);
        }
        return channel;
    }

    /** Writes what is buffered, stops the writer and closes the segment (it is replayed at the next open). */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(10_000);
            checkpointer.close();
            lock.lock();
            try {
                synced.signalAll();
            } finally {
                lock.unlock();
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing the write-ahead log in {}", dir, e);
        }
    }
}
