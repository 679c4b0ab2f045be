package io.dtm4j.client.barrier;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_NULL_COMPENSATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every line of the barrier's truth table (spec §10.3, §10.4), on MariaDB, PostgreSQL and H2. */
class JdbcBarrierTruthTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void tccTryConfirmRunOnceEach(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.handle("tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("tcc", "confirm", -1)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "confirm", -1)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(89);
        assertThat(f.rows()).containsExactly("01/try/01/try", "01/confirm/01/confirm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void cancelAfterTryCompensatesOnce(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.handle("tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void cancelBeforeTryIsANullCompensationAndTheLateTryHangsHarmlessly(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(f.handle("tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("01/try/01/cancel", "01/cancel/01/cancel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void sagaActionCompensateAndTheirNullCompensation(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.handle("saga", "action", -30)).isEqualTo(EXECUTED);
        assertThat(f.handle("saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("saga", "compensate", 30)).isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(100);

        BarrierFixture g = new BarrierFixture(db);
        assertThat(g.handle("saga", "compensate", 30)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(g.handle("saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(g.balance()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void rollbackMapsToActionLikeACompensation(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.handle("xa", "rollback", 5)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(f.rows()).containsExactly("01/action/01/rollback", "01/rollback/01/rollback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aBusinessFailureRollsBackTheWorkAndTheBarrierRows(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(f.db, c -> {
            f.add(c, -30);
            throw new DtmFailureException("insufficient balance");
        })).isInstanceOf(DtmFailureException.class).hasMessage("insufficient balance");

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).isEmpty();
        assertThat(f.handle("saga", "action", -30)).as("a retry runs the work").isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(70);
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
    void twoGuardedCallsInOneHandlerUseBarrierIds01And02(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);
        BranchBarrier barrier = f.barrier.forBranch(f.ctx("saga", "action"));

        assertThat(barrier.call(f.db, c -> f.add(c, -1))).isEqualTo(EXECUTED);
        assertThat(barrier.call(f.db, c -> f.add(c, -2))).isEqualTo(EXECUTED);
        BranchBarrier retry = f.barrier.forBranch(f.ctx("saga", "action"));
        assertThat(retry.call(f.db, c -> f.add(c, -1))).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(retry.call(f.db, c -> f.add(c, -2))).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(97);
        assertThat(f.rows()).containsExactly("01/action/01/action", "01/action/02/action");
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

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void queryPreparedAfterTheLocalCommitIsSuccess(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.barrier.forBranch(f.msgCtx()).call(f.db, c -> f.add(c, -5))).isEqualTo(EXECUTED);

        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.rows()).containsExactly("00/msg/01/msg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void queryPreparedBeforeTheLocalCommitIsFailureAndBlocksIt(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.FAILURE);
        assertThatThrownBy(() -> f.barrier.forBranch(f.msgCtx()).call(f.db, c -> f.add(c, -5)))
                .isInstanceOf(DtmDuplicatedException.class).hasMessageContaining(f.gid);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.FAILURE);
        assertThat(f.rows()).containsExactly("00/msg/01/rollback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void queryPreparedAfterALocalRollbackIsFailure(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);

        assertThatThrownBy(() -> f.barrier.forBranch(f.msgCtx()).call(f.db, c -> {
            throw new DtmFailureException("no stock");
        })).isInstanceOf(DtmFailureException.class);

        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.FAILURE);
    }
}
