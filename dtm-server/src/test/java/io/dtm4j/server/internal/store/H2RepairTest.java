package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.TransType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database after an unclean stop: its indexes are rebuilt from the rows before the log is replayed,
 * duplicates a damaged unique index let in keep their newest copy, and a clean stop skips all of it. The damage is
 * made by hand on the real H2 file (an index dropped, a duplicate row let in), as a crash once left it.
 */
class H2RepairTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private static GlobalTrans global(String gid) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.SAGA;
        g.status = TransStatus.SUBMITTED;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.nextCronInterval = 10;
        g.nextCronTime = NOW.minusSeconds(5);
        g.owner = "";
        return g;
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("dtm"), "sa", "");
    }

    private int count(String query) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Damage as a crash left it: the status index gone, the gid constraint gone and a second copy let in. */
    private void damage(String gid) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("drop index dtm.dtm_status_next_cron_time");
            s.execute("alter table dtm.trans_global drop constraint dtm_gid");
            s.execute("insert into dtm.trans_global (gid, trans_type, status, query_prepared, protocol, create_time,"
                    + " update_time, next_cron_interval, next_cron_time, owner) select gid, trans_type, 'aborting',"
                    + " query_prepared, protocol, create_time, update_time, next_cron_interval, next_cron_time, owner"
                    + " from dtm.trans_global where gid='" + gid + "'");
        }
    }

    @Test
    void aCleanStopLeavesTheMarkerAndTheNextStartTrustsTheIndexes() throws Exception {
        WalStore.h2(dir).close();
        assertThat(dir.resolve(H2Repair.CLEAN_MARKER)).exists();
        // Damage where the log's replay does not write: two rows for one key of the kv table.
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("alter table dtm.kv drop constraint dtm_uniq_k");
            s.execute("insert into dtm.kv (cat, k, v) values ('topics', 't1', 'a'), ('topics', 't1', 'b')");
        }
        WalStore store = WalStore.h2(dir);
        try {
            // Consumed at the start, so a crash from here on is seen at the next one.
            assertThat(dir.resolve(H2Repair.CLEAN_MARKER)).doesNotExist();
        } finally {
            store.close();
        }
        assertThat(count("select count(*) from dtm.kv where k='t1'")).as("a clean stop means no rebuild")
                .isEqualTo(2);
    }

    @Test
    void afterAnUncleanStopTheIndexesAreRebuiltAndTheNewestCopyOfADuplicateIsKept() throws Exception {
        WalStore first = WalStore.h2(dir);
        first.create(global("r1"), List.of(BranchTrans.of("r1", "01", "action", "http://rm/a", new byte[0], NOW)));
        first.close();
        damage("r1");
        Files.delete(dir.resolve(H2Repair.CLEAN_MARKER));

        WalStore second = WalStore.h2(dir);
        try {
            assertThat(second.findGlobal("r1")).get().extracting(g -> g.status).isEqualTo(TransStatus.ABORTING);
            assertThat(second.leaseOne(NOW, NOW.plusSeconds(10), "cron-1")).get().extracting(g -> g.gid)
                    .as("the rebuilt status index lists the due transaction").isEqualTo("r1");
            assertThatThrownBy(() -> second.create(global("r1"), List.of()))
                    .isInstanceOf(StoreException.class).hasMessageContaining("r1");
        } finally {
            second.close();
        }
        assertThat(count("select count(*) from dtm.trans_global where gid='r1'")).as("one copy left").isEqualTo(1);
    }
}
