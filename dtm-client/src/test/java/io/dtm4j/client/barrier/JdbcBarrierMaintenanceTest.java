package io.dtm4j.client.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.support.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schema creation, dialect detection, a missing table, and cleanup of old rows. */
class JdbcBarrierMaintenanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void schemaCreationIsIdempotentAndTheDialectIsDetected(String db) throws Exception {
        DataSource ds = TestDatabases.byName(db);

        BarrierSchema.create(ds, "dtm_barrier.barrier");
        BarrierSchema.create(ds, "dtm_barrier.barrier");

        try (Connection c = ds.getConnection()) {
            assertThat(BarrierDialect.detect(c)).isEqualTo(switch (db) {
                case "mariadb" -> BarrierDialect.MYSQL;
                case "postgres" -> BarrierDialect.POSTGRES;
                default -> BarrierDialect.H2;
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void twoBarrierTablesLiveInOneSchema(String db) throws Exception {
        DataSource ds = TestDatabases.byName(db);
        BarrierSchema.create(ds, "dtm_barrier.barrier");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists dtm_barrier.second_barrier");
        }

        BarrierSchema.create(ds, "dtm_barrier.second_barrier");
        BarrierSchema.create(ds, "dtm_barrier.second_barrier");

        JdbcBarrier second = JdbcBarrier.builder().table("dtm_barrier.second_barrier").build();
        assertThat(second.queryPrepared(ds, "two-tables-" + db)).as("usable: the rollback row is written")
                .isEqualTo(io.dtm4j.client.DtmResult.FAILURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aMissingTableNamesItselfTheUrlAndTheRemedy(String db) {
        DataSource ds = TestDatabases.byName(db);
        JdbcBarrier barrier = JdbcBarrier.builder().table("dtm_barrier.no_such_table").build();
        BranchContext ctx = BranchContext.of("saga", "missing-1", "01", "action");

        assertThatThrownBy(() -> barrier.forBranch(ctx).call(ds, c -> { }))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("barrier table 'dtm_barrier.no_such_table' does not exist in jdbc:")
                .hasMessageContaining("gid='missing-1'")
                .hasMessageContaining("BarrierSchema.create(dataSource, \"dtm_barrier.no_such_table\")");
        assertThatThrownBy(() -> JdbcBarrier.builder().table("barrier; drop table x"))
                .hasMessageContaining("must be schema.table");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void cleanupDeletesOnlyOldRowsInBatches(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);
        for (String op : new String[] {"action", "compensate"}) {
            for (int branch = 1; branch <= 3; branch++) {
                BranchContext ctx = BranchContext.of("saga", f.gid, "0" + branch, op);
                f.barrier.forBranch(ctx).call(f.db, c -> { });
            }
        }
        String ageing = switch (db) {
            case "mariadb" -> "now() - interval 3 day";
            case "postgres" -> "now() - interval '3 days'";
            default -> "dateadd('DAY', -3, current_timestamp)";
        };
        f.execute("update " + BarrierSchema.DEFAULT_TABLE + " set create_time = " + ageing + " where gid = '"
                + f.gid + "' and op = 'action'");
        f.execute("update " + BarrierSchema.DEFAULT_TABLE + " set create_time = " + ageing
                + " where gid like 'bar-%' and gid <> '" + f.gid + "'");

        long deleted = f.barrier.deleteOlderThan(f.db, Duration.ofDays(1), 2);

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(f.rows()).hasSize(3).allMatch(row -> row.contains("/compensate/"));
        assertThat(countOld(f)).isZero();
    }

    private static long countOld(BarrierFixture f) throws SQLException {
        try (Connection c = f.db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from " + BarrierSchema.DEFAULT_TABLE + " where gid = ? and op = 'action'")) {
            ps.setString(1, f.gid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
