package io.dtm4j.server.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log's checkpointer thread: after a rotation it makes the store below durable and deletes the
 * closed segments, off the writer thread, so syncs go on meanwhile. A failed checkpoint keeps the segments (the log
 * only grows; they are replayed at the next start) and is tried again at the next rotation.
 */
final class WalCheckpointer {

    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Path dir;
    private final Runnable checkpoint;
    private final Thread thread;
    /** The highest closed segment number (guarded by this). */
    private long closedUpTo;
    private boolean closing;

    WalCheckpointer(Path dir, Runnable checkpoint) {
        this.dir = dir;
        this.checkpoint = checkpoint;
        this.thread = new Thread(this::loop, "dtm-wal-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** Segments up to {@code segment} are closed: every record in them was committed below before it was logged. */
    synchronized void closed(long segment) {
        closedUpTo = Math.max(closedUpTo, segment);
        notifyAll();
    }

    private synchronized long next(long done) {
        while (closedUpTo <= done && !closing) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return closedUpTo <= done ? -1 : closedUpTo;
    }

    private void loop() {
        long done = 0;
        long failedAt = -1;
        while (true) {
            // After a failure, wait for a later rotation (or the close) before trying again.
            long upTo = next(failedAt >= 0 ? failedAt : done);
            if (upTo < 0 || failedAt >= 0 && isClosing()) {
                return;
            }
            try {
                checkpoint.run();
                for (Path p : WalFiles.segments(dir)) {
                    if (WalFiles.number(p) <= upTo) {
                        Files.deleteIfExists(p);
                    }
                }
                done = upTo;
                failedAt = -1;
            } catch (IOException | RuntimeException e) {
                log.error("checkpoint of the store under the write-ahead log in {} failed; its segments are kept and"
                        + " replayed at the next start, and the checkpoint is tried again", dir, e);
                failedAt = upTo;
            }
        }
    }

    private synchronized boolean isClosing() {
        return closing;
    }

    /** Runs a last checkpoint of what was closed, then stops. */
    void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
