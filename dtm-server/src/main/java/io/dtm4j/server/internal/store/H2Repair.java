package io.dtm4j.server.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database after a crash. H2 does not sync its file on commit (the write-ahead log above it is what
 * makes a change durable), and a process killed while H2 was writing has been seen to leave a secondary index
 * that lacks a row the table holds: a submitted saga that the status index did not list, so no cron round ever
 * found it. So after any stop that was not clean, every secondary index and unique constraint is dropped and built
 * again from the table's rows before the log is replayed; a clean stop leaves a marker file that skips this at the
 * next start. Rows a damaged unique index let in twice keep their newest copy (the one the log's replay wrote).
 */
final class H2Repair {

    private static final Logger log = LoggerFactory.getLogger(H2Repair.class);
    /** The marker a clean stop leaves next to the database file. */
    static final String CLEAN_MARKER = "clean-stop";

    private H2Repair() {
    }

    /**
     * Whether the database in {@code dir} was stopped cleanly; consumes the marker (and syncs its removal), so a
     * crash from now on is seen at the next start.
     */
    static boolean takeCleanMarker(Path dir) {
        try {
            boolean clean = Files.deleteIfExists(dir.resolve(CLEAN_MARKER));
            if (clean) {
                syncDirectory(dir);
            }
            return clean;
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.FAILED, "cannot remove " + dir.resolve(CLEAN_MARKER)
                    + ": " + e.getMessage() + " (check the permissions of the data directory)", e);
        }
    }

    /** Leaves the clean-stop marker in {@code dir}, synced. */
    static void markClean(Path dir) {
        Path marker = dir.resolve(CLEAN_MARKER);
        try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.force(true);
            syncDirectory(dir);
        } catch (IOException e) {
            log.warn("cannot write {} ({}): the next start rebuilds the indexes of the embedded database", marker,
                    e.toString());
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Rebuilds every secondary index and unique constraint of the DTM tables in {@code schema}. */
    static void rebuildIndexes(DataSource dataSource, String schema) {
        long started = System.nanoTime();
        String g = schema + ".trans_global";
        String b = schema + ".trans_branch_op";
        String kv = schema + ".kv";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table " + g + " drop constraint if exists " + schema + "_gid");
            s.execute("drop index if exists " + schema + "." + schema + "_owner");
            s.execute("drop index if exists " + schema + "." + schema + "_status_next_cron_time");
            s.execute("alter table " + b + " drop constraint if exists " + schema + "_gid_branch_uniq");
            s.execute("alter table " + kv + " drop constraint if exists " + schema + "_uniq_k");
            int removed = unique(s, g, schema + "_gid", "gid") + unique(s, b, schema + "_gid_branch_uniq",
                    "gid, branch_id, op") + unique(s, kv, schema + "_uniq_k", "cat, k");
            s.execute("create index " + schema + "_owner on " + g + " (owner)");
            s.execute("create index " + schema + "_status_next_cron_time on " + g + " (status, next_cron_time)");
            log.info("embedded database not stopped cleanly: its indexes were rebuilt in {} ms{}",
                    (System.nanoTime() - started) / 1_000_000, removed == 0 ? ""
                            : "; " + removed + " duplicate row(s) a damaged unique index had let in were removed");
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.FAILED, "cannot rebuild the indexes of the embedded"
                    + " database after an unclean stop: " + e.getMessage() + " (the write-ahead log is kept; check"
                    + " the disk, then start again)", e);
        }
    }

    /**
     * Adds a unique constraint; when rows a damaged index let in break it, deletes all but the newest row (highest
     * id) of each key first. Returns how many rows went.
     */
    private static int unique(Statement s, String table, String name, String key) throws SQLException {
        String add = "alter table " + table + " add constraint " + name + " unique (" + key + ")";
        try {
            s.execute(add);
            return 0;
        } catch (SQLException duplicates) {
            int removed = s.executeUpdate("delete from " + table + " where id not in (select max(id) from " + table
                    + " group by " + key + ")");
            s.execute(add);
            return removed;
        }
    }
}
