package io.dtm4j.mybatis;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_NULL_COMPENSATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.BarrierTruthTableContract;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The barrier's truth table with the rows written by MyBatis (the contract's scenarios), on MariaDB, PostgreSQL and
 * H2; and what is MyBatis' own: the statements, the caller's session, BATCH and auto-commit sessions, a missing
 * table.
 */
class MybatisBarrierTruthTableTest extends BarrierTruthTableContract {

    @Override
    protected Handler handler(String database) throws Exception {
        return new MybatisFixture(database);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void theRowsGoThroughTheBarrierMapperInTheWorksSession(String db) throws Exception {
        MybatisFixture f = new MybatisFixture(db);

        assertThat(f.handle("saga", "compensate", 10)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(f.log.entries()).extracting(StatementLog.Entry::statement).as("both rows, by the mapper")
                .containsExactly("BarrierMapper.insertIgnore", "BarrierMapper.insertIgnore");
        f.log.clear();
        assertThat(f.handle("tcc", "try", -10)).isEqualTo(EXECUTED);

        assertThat(f.log.entries()).extracting(StatementLog.Entry::statement)
                .containsExactly("BarrierMapper.insertIgnore", "AccountMapper.add");
        assertThat(f.log.entries()).extracting(StatementLog.Entry::executor).as("one session").containsOnly(
                f.log.entries().get(0).executor());
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
}
