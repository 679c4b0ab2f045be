package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the write-ahead log into an embedded database that a crash left with part of a change: each case is
 * a state H2 was found in after a {@code kill -9}, made by hand on the real H2 file between two starts.
 */
class WalReplayTest {

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
        g.nextCronInterval = 10;
        g.nextCronTime = NOW.plusSeconds(10);
        g.owner = "o1";
        return g;
    }

    private static BranchTrans branch(String gid, String id, String op) {
        return BranchTrans.of(gid, id, op, "http://rm/" + op, new byte[0], NOW);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("dtm"), "sa",
                ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static List<String> rows(TransStore store, String gid) {
        return store.findBranches(gid).stream().map(b -> b.branchId + "/" + b.op + "=" + b.status.wire()).toList();
    }

    @Test
    void aCreationWhoseBranchRowsWereKeptWithoutItsGlobalRowComesBackWhole() throws Exception {
        WalStore first = WalStore.h2(dir);
        first.create(global("c1", TransStatus.SUBMITTED), List.of(branch("c1", "01", "compensate"),
                branch("c1", "01", "action")));
        first.close();
        sql("delete from dtm.trans_global where gid='c1'");

        WalStore second = WalStore.h2(dir);
        try {
            assertThat(second.findGlobal("c1")).get().extracting(g -> g.status).isEqualTo(TransStatus.SUBMITTED);
            assertThat(rows(second, "c1")).containsExactlyInAnyOrder("01/compensate=prepared", "01/action=prepared");
        } finally {
            second.close();
        }
    }

    @Test
    void aStatusChangeKeptWithoutItsBranchResultsGetsThem() throws Exception {
        WalStore first = WalStore.h2(dir);
        BranchTrans action = branch("s1", "01", "action");
        first.create(global("s1", TransStatus.SUBMITTED), List.of(action));
        BranchTrans done = action.copy();
        done.status = BranchStatus.SUCCEED;
        done.finishTime = NOW.plusSeconds(1);
        assertThat(first.changeStatus(global("s1", TransStatus.SUCCEED), TransStatus.SUBMITTED, List.of(done)))
                .isTrue();
        first.close();
        sql("update dtm.trans_branch_op set status='prepared' where gid='s1'");

        WalStore second = WalStore.h2(dir);
        try {
            assertThat(second.findGlobal("s1")).get().extracting(g -> g.status).isEqualTo(TransStatus.SUCCEED);
            assertThat(rows(second, "s1")).containsExactly("01/action=succeed");
        } finally {
            second.close();
        }
    }

    @Test
    void aRegistrationKeptInPartGetsTheRestOfItsRows() throws Exception {
        WalStore first = WalStore.h2(dir);
        first.create(global("a1", TransStatus.PREPARED), List.of());
        first.appendBranches("a1", TransStatus.PREPARED, List.of(branch("a1", "01", "cancel"),
                branch("a1", "01", "confirm")));
        first.close();
        sql("delete from dtm.trans_branch_op where gid='a1' and op='confirm'");

        WalStore second = WalStore.h2(dir);
        try {
            assertThat(rows(second, "a1")).containsExactlyInAnyOrder("01/cancel=prepared", "01/confirm=prepared");
        } finally {
            second.close();
        }
    }
}
