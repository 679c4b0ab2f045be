package io.dtm4j.mybatis;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.BranchBarrier;
import java.sql.SQLException;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The MyBatis barrier of one branch request: runs the business work at most once per branch and op, with the
 * barrier rows written by the barrier mapper in the work's own session. Repeated requests, null compensations
 * and hanging forward ops skip the work and report success, exactly as {@link BranchBarrier} does on JDBC.
 * Thread-safe.
 */
public final class MybatisBranchBarrier {

    private final SqlSessionFactory factory;
    private final BranchBarrier branch;
    private final MybatisBarrier barrier;

    MybatisBranchBarrier(SqlSessionFactory factory, BranchBarrier branch, MybatisBarrier barrier) {
        this.factory = factory;
        this.branch = branch;
        this.barrier = barrier;
    }

    /**
     * The branch this barrier guards.
     *
     * @return the context
     */
    public BranchContext context() {
        return branch.context();
    }

    /**
     * Runs the work inside the transaction the caller holds on {@code session}: the barrier never commits, rolls
     * back or closes it; the caller commits on return and rolls back on exception.
     *
     * @param session a session that is not in auto-commit mode (mybatis-spring's {@code SqlSessionTemplate}
     *     inside a Spring transaction works too)
     * @param work the business work on the session's mappers
     * @return what the barrier did
     * @throws DtmException when the session is in auto-commit mode, the barrier table is missing or the database
     *     fails; the work's own exceptions are rethrown (checked ones wrapped)
     */
    public BarrierOutcome call(SqlSession session, SessionWork work) {
        requireTransaction(session, "call commit() on the session after this call, opened with openSession(false);"
                + " with mybatis-spring, run it inside a Spring transaction (@Transactional or @DtmBarrier)");
        return guard(session, work);
    }

    /**
     * Runs the work in a session and transaction of its own from the factory: commits when the work returns (or is
     * skipped), rolls back when it throws, and closes the session.
     *
     * @param work the business work on the session's mappers
     * @return what the barrier did
     * @throws DtmException when the factory's sessions follow Spring transactions (mybatis-spring) or hand out
     *     auto-commit connections, the barrier table is missing or the database fails; the work's own exceptions
     *     are rethrown (checked ones wrapped) after the rollback
     */
    public BarrierOutcome call(SessionWork work) {
        if (factory.getConfiguration().getEnvironment().getTransactionFactory().getClass().getName()
                .equals("org.mybatis.spring.transaction.SpringManagedTransactionFactory")) {
            BranchContext ctx = branch.context();
            throw new DtmException("barrier [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                    + ctx.op() + "']: call(work) opens a session of its own, but this factory's sessions follow the"
                    + " Spring transaction (mybatis-spring), so it could neither commit nor roll back on its own"
                    + " (use @DtmBarrier, or call(sqlSessionTemplate, work) inside a Spring transaction)", null,
                    DtmException.NO_STATUS, null, ctx.gid(), ctx.branchId(), ctx.op());
        }
        try (SqlSession session = factory.openSession(false)) {
            requireTransaction(session, "its transaction factory hands out auto-commit connections; give it one"
                    + " that does not, or call(session, work) with a session of your own");
            try {
                BarrierOutcome outcome = guard(session, work);
                session.commit(true);
                return outcome;
            } catch (RuntimeException | Error e) {
                session.rollback(true);
                throw e;
            }
        }
    }

    private BarrierOutcome guard(SqlSession session, SessionWork work) {
        return branch.call(barrier.rows(session), () -> {
            work.run(session);
            return null;
        });
    }

    private void requireTransaction(SqlSession session, String remedy) {
        BranchContext ctx = branch.context();
        boolean autoCommit;
        try {
            autoCommit = session.getConnection().getAutoCommit();
        } catch (SQLException | RuntimeException e) {
            throw new DtmException("barrier [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                    + ctx.op() + "']: the session's connection could not be opened: " + e.getMessage() + " (DTM"
                    + " retries the branch; check the database)", e, DtmException.NO_STATUS, null, ctx.gid(),
                    ctx.branchId(), ctx.op());
        }
        if (autoCommit) {
            throw new DtmException("barrier [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                    + ctx.op() + "']: the MyBatis session's connection is in auto-commit mode, so the barrier rows"
                    + " would commit apart from the business work (" + remedy + ")", null, DtmException.NO_STATUS,
                    null, ctx.gid(), ctx.branchId(), ctx.op());
        }
    }
}
