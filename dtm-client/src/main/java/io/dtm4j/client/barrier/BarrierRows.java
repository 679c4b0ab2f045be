package io.dtm4j.client.barrier;

/**
 * Writes barrier rows for {@link BranchBarrier#call(BarrierRows, java.util.concurrent.Callable)}, inside the
 * transaction that also runs the guarded work. Implemented by data-access layers other than plain JDBC (the MyBatis
 * barrier writes them through a mapper); the JDBC barrier has its own.
 */
@FunctionalInterface
public interface BarrierRows {

    /**
     * Inserts the row unless one with the same {@code (gid, branch_id, op, barrier_id)} exists (the unique key of
     * the barrier table), in the current transaction.
     *
     * @param row the row
     * @return 1 when it was inserted, 0 when it was already there
     * @throws Exception on a database error; one caused by a {@link java.sql.SQLException} is reported with the
     *     branch and, for a missing table, how to create it
     */
    int insertIfAbsent(BarrierRow row) throws Exception;
}
