package io.dtm4j.mybatis;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_NULL_COMPENSATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.client.barrier.BarrierOutcome;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The barrier's truth table (spec §10.3, §10.4) with the rows written by MyBatis, on MariaDB, PostgreSQL and H2. */
class MybatisBarrierTruthTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void tccTryConfirmRunOnceEachWithTheRowsWrittenByTheMapperInTheWorksSession(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.handle("tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(f.log.entries()).extracting(StatementLog.Entry::statement)
                .containsExactly("BarrierMapper.insertIgnore", "AccountMapper.add");
        assertThat(f.log.entries()).extracting(StatementLog.Entry::executor).as("one session").containsOnly(
                f.log.entries().get(0).executor());
        assertThat(f.handle("tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("tcc", "confirm", -1)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "confirm", -1)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(89);
        assertThat(f.rows()).containsExactly("01/try/01/try", "01/confirm/01/confirm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void cancelAfterTryCompensatesOnce(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.handle("tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(EXECUTED);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("01/try/01/try", "01/cancel/01/cancel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void cancelBeforeTryIsANullCompensationAndTheLateTryHangsHarmlessly(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(f.handle("tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("01/try/01/cancel", "01/cancel/01/cancel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void sagaActionCompensateAndTheirNullCompensation(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.handle("saga", "action", -30)).isEqualTo(EXECUTED);
        assertThat(f.handle("saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(f.handle("saga", "compensate", 30)).isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(100);

        MybatisFixture g = new MybatisFixture(db);
        assertThat(g.handle("saga", "compensate", 30)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(g.handle("saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(g.balance()).isEqualTo(100);
        assertThat(g.rows()).containsExactly("01/action/01/compensate", "01/compensate/01/compensate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aBusinessFailureRollsBackTheMapperUpdateAndTheBarrierRow(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(s -> {
            f.add(s, -30);
            throw new DtmFailureException("insufficient balance");
        })).isInstanceOf(DtmFailureException.class).hasMessage("insufficient balance");

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).isEmpty();
        assertThat(f.handle("saga", "action", -30)).as("a retry runs the work").isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(70);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void twoGuardedCallsInOneHandlerUseBarrierIds01And02(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);
        MybatisBranchBarrier barrier = f.barrier.forBranch(f.ctx("saga", "action"));

        assertThat(barrier.call(s -> f.add(s, -1))).isEqualTo(EXECUTED);
        assertThat(barrier.call(s -> f.add(s, -2))).isEqualTo(EXECUTED);
        MybatisBranchBarrier retry = f.barrier.forBranch(f.ctx("saga", "action"));
        assertThat(retry.call(s -> f.add(s, -1))).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(retry.call(s -> f.add(s, -2))).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(97);
        assertThat(f.rows()).containsExactly("01/action/01/action", "01/action/02/action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void inTheCallersSessionTheCallerCommitsOrRollsBack(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        try (SqlSession session = f.factory.openSession(false)) {
            assertThat(f.barrier.forBranch(f.ctx("saga", "action")).call(session, s -> f.add(s, -30)))
                    .isEqualTo(EXECUTED);
            session.rollback(true);
        }
        assertThat(f.balance()).as("caller rolled back: nothing kept").isEqualTo(100);
        assertThat(f.rows()).isEmpty();

        try (SqlSession session = f.factory.openSession(false)) {
            assertThat(f.barrier.forBranch(f.ctx("saga", "action")).call(session, s -> f.add(s, -30)))
                    .isEqualTo(EXECUTED);
            session.commit();
        }
        assertThat(f.balance()).isEqualTo(70);
        assertThat(f.rows()).containsExactly("01/action/01/action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aBatchExecutorSessionFlushesToReadTheBarrierCount(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        for (BarrierOutcome expected : new BarrierOutcome[] {EXECUTED, SKIPPED_DUPLICATE}) {
            try (SqlSession session = f.factory.openSession(ExecutorType.BATCH, false)) {
                assertThat(f.barrier.forBranch(f.ctx("saga", "action")).call(session,
                        s -> s.getMapper(AccountMapper.class).add(f.gid, -30))).isEqualTo(expected);
                session.commit();
            }
        }
        assertThat(f.balance()).isEqualTo(70);
        assertThat(f.rows()).containsExactly("01/action/01/action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void refusesAnAutoCommitSession(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        try (SqlSession session = f.factory.openSession(true)) {
            assertThatThrownBy(() -> f.barrier.forBranch(f.ctx("saga", "action")).call(session, s -> f.add(s, -30)))
                    .isInstanceOf(DtmException.class).hasMessageContaining("auto-commit mode")
                    .hasMessageContaining("gid='" + f.gid + "'").hasMessageContaining("openSession(false)");
        }
        assertThat(f.rows()).isEmpty();
        assertThat(f.balance()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aMissingBarrierTableNamesItselfAndTheRemedy(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);
        MybatisBarrier missing = MybatisBarrier.create(f.factory,
                JdbcBarrier.builder().table("dtm_barrier.no_such_barrier").build());

        assertThatThrownBy(() -> missing.forBranch(f.ctx("saga", "action")).call(s -> f.add(s, -30)))
                .isInstanceOf(DtmException.class).hasMessageContaining("'dtm_barrier.no_such_barrier' does not exist")
                .hasMessageContaining("BarrierSchema.create").hasMessageContaining("op='action'");
        assertThat(f.balance()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void queryPreparedAfterTheLocalCommitIsSuccess(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.barrier.forBranch(f.msgCtx()).call(s -> f.add(s, -5)))
                .isEqualTo(EXECUTED);

        assertThat(f.barrier.queryPrepared(f.gid)).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.barrier.queryPrepared(f.gid)).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.rows()).containsExactly("00/msg/01/msg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void queryPreparedBeforeTheLocalCommitIsFailureAndBlocksIt(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.barrier.queryPrepared(f.gid)).isEqualTo(DtmResult.FAILURE);
        assertThatThrownBy(() -> f.barrier.forBranch(f.msgCtx())
                .call(s -> f.add(s, -5))).isInstanceOf(DtmDuplicatedException.class).hasMessageContaining(f.gid);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("00/msg/01/rollback");
    }
}
