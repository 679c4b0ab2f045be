package io.dtm4j.mybatis.internal;

import io.dtm4j.client.barrier.BarrierDialect;
import io.dtm4j.client.barrier.BarrierRow;
import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.executor.BatchExecutor;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.session.SqlSession;

/**
 * Barrier rows written through {@link BarrierMapper} on one {@link SqlSession} (a plain one, or mybatis-spring's
 * {@code SqlSessionTemplate}, which resolves to the Spring transaction's session), so they share its transaction,
 * its executor and its plugins with the business mappers.
 */
public final class MapperRows implements BarrierRows {

    private final SqlSession session;
    private final JdbcBarrier barrier;

    /**
     * Creates the writer.
     *
     * @param session the session the business work uses
     * @param barrier the table and dialect settings
     */
    public MapperRows(SqlSession session, JdbcBarrier barrier) {
        this.session = session;
        this.barrier = barrier;
    }

    @Override
    public int insertIfAbsent(BarrierRow row) throws SQLException {
        BarrierDialect dialect = barrier.dialect(session.getConnection());
        try {
            int count = session.getMapper(BarrierMapper.class).insertIgnore(barrier.table(), dialect.name(), row);
            return count == BatchExecutor.BATCH_UPDATE_RETURN_VALUE ? flushed() : count;
        } catch (RuntimeException e) {
            if (dialect == BarrierDialect.H2 && isDuplicateKey(e)) {
                return 0;
            }
            throw e;
        }
    }

    /** A BATCH executor defers the count: flush (the business statements queued before go too) and read ours. */
    private int flushed() throws SQLException {
        List<BatchResult> results = session.flushStatements();
        int[] counts = results.get(results.size() - 1).getUpdateCounts();
        int count = counts[counts.length - 1];
        if (count < 0) {
            throw new SQLException("the JDBC driver answered " + count + " (no count) for the barrier insert in a"
                    + " batch, so a repeated request cannot be told from a first one (use a SIMPLE or REUSE"
                    + " executor for barrier handlers, or turn off the driver's batch rewriting)");
        }
        return count;
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
