package io.dtm4j.mybatis;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.BarrierRow;
import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.mybatis.internal.BarrierMapper;
import io.dtm4j.mybatis.internal.MapperRows;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The subtransaction barrier on MyBatis: the barrier rows are written by a mapper ({@code insert ignore} on
 * MySQL/MariaDB, {@code on conflict do nothing} on PostgreSQL) in the same {@link SqlSession}, and so the same
 * transaction, as the business mappers. Immutable and thread-safe; keep one per {@link SqlSessionFactory}.
 *
 * <pre>{@code
 * MybatisBarrier barrier = MybatisBarrier.create(sqlSessionFactory);   // registers the barrier mapper
 * // in a branch handler, in a session you own:
 * try (SqlSession session = sqlSessionFactory.openSession()) {
 *     barrier.forBranch(ctx).call(session, s -> s.getMapper(AccountMapper.class).debit(req.from(), req.amount()));
 *     session.commit();
 * }
 * // or in a session (and transaction) of the barrier's own:
 * barrier.forBranch(ctx).call(s -> s.getMapper(AccountMapper.class).debit(req.from(), req.amount()));
 * // in the query-prepared handler of a 2-phase message:
 * DtmResult committed = barrier.queryPrepared(gid);
 * }</pre>
 *
 * <p>In a Spring Boot application with mybatis-spring, {@code @DtmBarrier} methods already write their rows this
 * way (through the transaction's session); this class is for plain MyBatis and for calls of your own. The table
 * must exist ({@code BarrierSchema.create}). Create it when the factory is built, before it serves sessions: it adds
 * the barrier mapper to the factory's configuration, which MyBatis does not guard against concurrent readers.
 */
public final class MybatisBarrier {

    private final SqlSessionFactory factory;
    private final JdbcBarrier settings;

    private MybatisBarrier(SqlSessionFactory factory, JdbcBarrier settings) {
        this.factory = factory;
        this.settings = settings;
        Configuration configuration = factory.getConfiguration();
        synchronized (configuration) {
            if (!configuration.hasMapper(BarrierMapper.class)) {
                configuration.addMapper(BarrierMapper.class);
            }
        }
    }

    /**
     * A barrier on {@code dtm_barrier.barrier}, its dialect detected from the first connection.
     *
     * @param factory the session factory of the business mappers; the barrier mapper is added to its configuration
     * @return the barrier
     */
    public static MybatisBarrier create(SqlSessionFactory factory) {
        return create(factory, JdbcBarrier.defaults());
    }

    /**
     * A barrier with the table (and dialect, if fixed) of a {@link JdbcBarrier}.
     *
     * @param factory the session factory of the business mappers; the barrier mapper is added to its configuration
     * @param settings the barrier table and dialect
     * @return the barrier
     */
    public static MybatisBarrier create(SqlSessionFactory factory, JdbcBarrier settings) {
        return new MybatisBarrier(factory, settings);
    }

    /**
     * The barrier table.
     *
     * @return {@code schema.table}
     */
    public String table() {
        return settings.table();
    }

    /**
     * The barrier of one branch request. Create one per request: its barrier ids ({@code 01}, {@code 02}...)
     * count the guarded calls made through it.
     *
     * @param ctx the request's branch context
     * @return the branch barrier
     */
    public MybatisBranchBarrier forBranch(BranchContext ctx) {
        return new MybatisBranchBarrier(factory, settings.forBranch(ctx), this);
    }

    /**
     * The writer of barrier rows on a session, for {@code BranchBarrier.call(BarrierRows, Callable)}: the hook
     * integrations use (the {@code @DtmBarrier} support passes mybatis-spring's {@code SqlSessionTemplate}).
     *
     * @param session the session of the business work
     * @return the writer
     */
    public BarrierRows rows(SqlSession session) {
        return new MapperRows(session, settings);
    }

    /**
     * Answers a 2-phase message's back-check, as {@code JdbcBarrier.queryPrepared} does, through the mapper in a
     * session of its own: inserts the "rollback" marker unless the local transaction wrote its row, then reads it.
     *
     * @param gid the message's gid
     * @return {@link DtmResult#SUCCESS} when the local transaction committed, {@link DtmResult#FAILURE} when it
     *     did not and now never will
     * @throws DtmException when the database fails (DTM retries the back-check)
     */
    public DtmResult queryPrepared(String gid) {
        try (SqlSession session = factory.openSession(true)) {
            rows(session).insertIfAbsent(new BarrierRow("msg", gid, "00", "msg", "01", "rollback"));
            String reason = session.getMapper(BarrierMapper.class).msgReason(settings.table(), gid);
            session.commit(true);
            return "rollback".equals(reason) ? DtmResult.FAILURE : DtmResult.SUCCESS;
        } catch (Exception e) {
            throw new DtmException("msg back-check of gid '" + gid + "' failed in the database: " + e.getMessage()
                    + " [gid='" + gid + "', branch_id='00', op='msg'] (DTM retries the back-check; check the"
                    + " database and that the barrier table '" + settings.table() + "' exists)", e,
                    DtmException.NO_STATUS, null, gid, "00", "msg");
        }
    }
}
