package io.dtm4j.spring;

import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.JdbcBarrier;
import javax.sql.DataSource;

/**
 * Lets another data-access layer write the rows of {@code @DtmBarrier} methods, in the same Spring transaction as
 * their work (dtm-barrier-mybatis registers one that writes them through a MyBatis mapper, in the transaction's
 * {@code SqlSession}). Without a provider, or when every provider answers {@code null}, the rows go in with plain
 * JDBC on the transaction's connection ({@code DataSourceUtils}).
 *
 * <pre>{@code
 * @Bean
 * DtmBarrierRowsProvider myRows() {
 *     return (dataSource, barrier) -> row -> myDao.insertIgnore(barrier.table(), row);
 * }
 * }</pre>
 *
 * <p>Asked once per DataSource (the answer is kept for the application's life), in {@code @Order} order; the first
 * non-null answer wins.
 */
@FunctionalInterface
public interface DtmBarrierRowsProvider {

    /**
     * The writer of barrier rows for a DataSource, used only inside a Spring transaction on that DataSource.
     *
     * @param dataSource the DataSource of the guarded method
     * @param barrier the barrier settings (table, dialect)
     * @return the writer, or {@code null} to leave this DataSource to others (and in the end to plain JDBC)
     */
    BarrierRows rowsFor(DataSource dataSource, JdbcBarrier barrier);
}
