package io.dtm4j.mybatis;

import org.apache.ibatis.session.SqlSession;

/**
 * The business work a MyBatis barrier guards, run on the session that holds the barrier rows' transaction.
 */
@FunctionalInterface
public interface SessionWork {

    /**
     * Does the branch's database work through the session's mappers. Do not commit, roll back or close it.
     *
     * @param session the session inside the barrier's transaction
     * @throws Exception to roll the work and the barrier rows back ({@link io.dtm4j.client.DtmFailureException}
     *     for a definite failure)
     */
    void run(SqlSession session) throws Exception;
}
