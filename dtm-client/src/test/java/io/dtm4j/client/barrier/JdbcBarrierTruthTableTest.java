package io.dtm4j.client.barrier;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmException;
import java.io.IOException;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The barrier's truth table with the rows written by plain JDBC (the contract's scenarios), on MariaDB, PostgreSQL
 * and H2; and what is JDBC's own: the caller's transaction, auto-commit, checked exceptions.
 */
class JdbcBarrierTruthTableTest extends BarrierTruthTableContract {

    @Override
    protected Handler handler(String database) throws Exception {
        return new BarrierFixture(database);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aCheckedBusinessExceptionIsWrappedAfterTheRollback(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(f.db, c -> {
            f.add(c, -30);
            throw new IOException("disk full");
        })).isInstanceOf(DtmException.class).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("op='action'");
        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aMissingBusinessTableIsReportedAsTheWorksErrorNotAsAMissingBarrierTable(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(f.db, c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("update dtm_busi.no_such_business_table set x = 1");
            }
        })).isInstanceOf(DtmException.class).hasMessageContaining("the business work of the barrier of saga branch"
                + " failed in the database").hasMessageNotContaining("barrier table").hasMessageContaining(f.gid)
                .hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(f.rows()).as("the barrier row rolled back with it").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void insideTheCallersTransactionTheCallerDecides(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        try (Connection c = f.db.getConnection()) {
            c.setAutoCommit(false);
            assertThat(f.barrier.forBranch(f.ctx("saga", "action")).call(c, x -> f.add(x, -30))).isEqualTo(EXECUTED);
            assertThat(c.getAutoCommit()).isFalse();
            c.rollback();
        }
        assertThat(f.balance()).as("caller rolled back: nothing kept").isEqualTo(100);
        assertThat(f.rows()).isEmpty();

        try (Connection c = f.db.getConnection()) {
            c.setAutoCommit(false);
            assertThat(f.barrier.forBranch(f.ctx("saga", "action")).call(c, x -> f.add(x, -30))).isEqualTo(EXECUTED);
            c.commit();
        }
        assertThat(f.balance()).isEqualTo(70);
        assertThat(f.rows()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void refusesAnAutoCommitConnection(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        try (Connection c = f.db.getConnection()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(c, x -> f.add(x, -30)))
                    .isInstanceOf(DtmException.class).hasMessageContaining("auto-commit mode")
                    .hasMessageContaining("setAutoCommit(false)");
        }
        assertThat(f.rows()).isEmpty();
        assertThat(f.balance()).isEqualTo(100);
    }
}
