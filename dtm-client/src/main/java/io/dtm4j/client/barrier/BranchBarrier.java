package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier of one branch request: runs the business work at most once per branch and op, and turns repeated
 * requests, null compensations and hanging forward ops into "skip the work, report success".
 *
 * <p>Each call inserts, in the business transaction, the row of the current op and, for a compensating op
 * ({@code cancel}, {@code compensate}, {@code rollback}), the row of its forward op ({@code try}, {@code action}):
 * the forward row going in means the forward op never ran (null compensation, and it will now be skipped if it
 * arrives late); the current row already there means this op ran before. Every call uses the next barrier id
 * ({@code 01}, {@code 02}...), so one handler can guard several local transactions.
 *
 * <pre>{@code
 * BranchBarrier barrier = JdbcBarrier.defaults().forBranch(ctx);
 * barrier.call(dataSource, conn -> debit(conn, req));          // the barrier opens and commits the transaction
 * barrier.call(connection, conn -> debit(conn, req));          // inside a transaction you own
 * }</pre>
 *
 * <p>Another data-access layer (MyBatis, say) writes the rows itself through
 * {@link #call(BarrierRows, Callable)}; the decisions stay here.
 *
 * <p>A business exception rolls the work and the barrier rows back and is rethrown: a
 * {@link io.dtm4j.client.DtmFailureException} is then reported as FAILURE. Thread-safe.
 */
public final class BranchBarrier {

    private static final Logger log = LoggerFactory.getLogger(BranchBarrier.class);

    /** Deadlocks and serialization failures between racing ops of one branch are retried this often in all. */
    private static final int MAX_ATTEMPTS = 3;

    private final JdbcBarrier barrier;
    private final BranchContext ctx;
    private final AtomicInteger barrierId = new AtomicInteger();

    BranchBarrier(JdbcBarrier barrier, BranchContext ctx) {
        this.barrier = barrier;
        this.ctx = ctx;
    }

    /**
     * The branch this barrier guards.
     *
     * @return the context
     */
    public BranchContext context() {
        return ctx;
    }

    /**
     * Runs the work inside the transaction the caller already holds on {@code connection}. The barrier never
     * commits, rolls back or changes auto-commit: the caller commits on return and rolls back on exception.
     *
     * @param connection a connection with auto-commit off, inside the caller's transaction
     * @param work the business work
     * @return what the barrier did
     * @throws DtmException when the connection is in auto-commit mode, the barrier table is missing, or the
     *     database fails; the work's own exceptions are rethrown (checked ones wrapped)
     */
    public BarrierOutcome call(Connection connection, BarrierWork work) {
        try {
            if (connection.getAutoCommit()) {
                throw error("the connection is in auto-commit mode, so the barrier rows would commit apart from"
                        + " the business work", "call setAutoCommit(false) first, or use call(DataSource, work)");
            }
            return run(jdbcRows(connection), onConnection(work, connection), nextBarrierId());
        } catch (SQLException e) {
            throw barrier.sqlError(e, "barrier of " + ctx.transType() + " branch", ctx.gid(), ctx.branchId(),
                    ctx.op());
        }
    }

    /**
     * Runs the work with the barrier rows written by {@code rows}, inside the transaction the caller holds: the
     * entry point for data-access layers that write the rows themselves, in the same transaction as the work. The
     * barrier never commits or rolls back.
     *
     * @param rows writes the rows in the caller's transaction
     * @param work the business work; its result is ignored
     * @return what the barrier did
     * @throws DtmException when writing a row fails (naming the branch, and the remedy for a missing table); the
     *     work's own exceptions are rethrown (checked ones wrapped)
     */
    public BarrierOutcome call(BarrierRows rows, Callable<?> work) {
        BarrierRows reported = row -> {
            try {
                return rows.insertIfAbsent(row);
            } catch (DtmException e) {
                throw e;
            } catch (Exception e) {
                SQLException sql = BarrierSql.sqlCause(e);
                throw sql != null ? barrier.sqlError(sql, "barrier of " + ctx.transType() + " branch", ctx.gid(),
                        ctx.branchId(), ctx.op())
                        : error("writing the barrier row " + row + " failed: " + e, "see the cause", e);
            }
        };
        try {
            return run(reported, work, nextBarrierId());
        } catch (SQLException e) {
            throw barrier.sqlError(e, "barrier of " + ctx.transType() + " branch", ctx.gid(), ctx.branchId(),
                    ctx.op());
        }
    }

    /**
     * Runs the work in a transaction of its own on a connection from {@code dataSource}: commits when the work
     * returns (or is skipped), rolls back when it throws. A deadlock or serialization failure (racing ops of the
     * same branch can cause one on MySQL/MariaDB) rolls back and runs the whole transaction again, up to three
     * times.
     *
     * @param dataSource the branch's database
     * @param work the business work
     * @return what the barrier did
     * @throws DtmException when the barrier table is missing or the database fails; the work's own exceptions
     *     are rethrown (checked ones wrapped) after the rollback
     */
    public BarrierOutcome call(DataSource dataSource, BarrierWork work) {
        String bid = nextBarrierId();
        for (int attempt = 1;; attempt++) {
            try {
                return callOnce(dataSource, work, bid);
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && BarrierSql.isTransient(e)) {
                    log.debug("barrier {}/{}/{}: {} on attempt {}, running the transaction again", ctx.gid(),
                            ctx.branchId(), ctx.op(), e.getMessage(), attempt);
                    continue;
                }
                throw barrier.sqlError(e, "barrier of " + ctx.transType() + " branch", ctx.gid(), ctx.branchId(),
                        ctx.op());
            }
        }
    }

    private BarrierOutcome callOnce(DataSource dataSource, BarrierWork work, String bid) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                BarrierOutcome outcome = run(jdbcRows(c), onConnection(work, c), bid);
                c.commit();
                return outcome;
            } catch (RuntimeException | Error | SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private String nextBarrierId() {
        return String.format("%02d", barrierId.incrementAndGet());
    }

    private static Callable<Void> onConnection(BarrierWork work, Connection c) {
        return () -> {
            work.run(c);
            return null;
        };
    }

    private BarrierRows jdbcRows(Connection c) throws SQLException {
        BarrierDialect dialect = barrier.dialect(c);
        return row -> barrier.insert(c, dialect, row);
    }

    /** Runs the guard; the work's checked exceptions other than SQLException are wrapped. */
    private BarrierOutcome run(BarrierRows rows, Callable<?> work, String bid) throws SQLException {
        try {
            return guard(rows, work, bid);
        } catch (RuntimeException | SQLException e) {
            throw e;
        } catch (Exception e) {
            throw error("business work threw " + e, "see the cause; the work and the barrier rows are rolled"
                    + " back", e);
        }
    }

    private BarrierOutcome guard(BarrierRows rows, Callable<?> work, String bid) throws Exception {
        String origin = originOp(ctx.op());
        int originAffected = origin == null ? 0
                : rows.insertIfAbsent(new BarrierRow(ctx.transType(), ctx.gid(), ctx.branchId(), origin, bid,
                        ctx.op()));
        int currentAffected = rows.insertIfAbsent(new BarrierRow(ctx.transType(), ctx.gid(), ctx.branchId(),
                ctx.op(), bid, ctx.op()));
        if ("msg".equals(ctx.op()) && currentAffected == 0) {
            throw new DtmDuplicatedException("msg gid '" + ctx.gid() + "': the back-check already marked the local"
                    + " transaction as rolled back, so it must not commit now (nothing to do: the message is"
                    + " aborted)", ctx.gid());
        }
        if (origin != null && originAffected > 0) {
            return BarrierDecisions.report(barrier.logsDecisions(), ctx, BarrierOutcome.SKIPPED_NULL_COMPENSATION,
                    "barrier table " + barrier.table());
        }
        if (currentAffected == 0) {
            return BarrierDecisions.report(barrier.logsDecisions(), ctx, BarrierOutcome.SKIPPED_DUPLICATE,
                    "barrier table " + barrier.table());
        }
        try {
            work.call();
        } catch (SQLException e) {
            throw new BusinessSqlException(e);
        }
        return BarrierOutcome.EXECUTED;
    }

    private static String originOp(String op) {
        return switch (op) {
            case "cancel" -> "try";
            case "compensate", "rollback" -> "action";
            default -> null;
        };
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private DtmException error(String what, String remedy) {
        return error(what, remedy, null);
    }

    private DtmException error(String what, String remedy, Throwable cause) {
        return new DtmException("barrier [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                + ctx.op() + "']: " + what + " (" + remedy + ")", cause, DtmException.NO_STATUS, null, ctx.gid(),
                ctx.branchId(), ctx.op());
    }

    /** An SQLException of the business work, told apart from the barrier's own (a missing table is not ours). */
    static final class BusinessSqlException extends SQLException {
        private static final long serialVersionUID = 1L;

        BusinessSqlException(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }
}
