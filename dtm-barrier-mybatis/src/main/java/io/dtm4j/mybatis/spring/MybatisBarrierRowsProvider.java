package io.dtm4j.mybatis.spring;

import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.mybatis.MybatisBarrier;
import io.dtm4j.spring.DtmBarrierRowsProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSessionFactory;
import org.mybatis.spring.SqlSessionHolder;
import org.mybatis.spring.SqlSessionTemplate;
import org.mybatis.spring.transaction.SpringManagedTransactionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes {@code @DtmBarrier} methods write their barrier rows through the MyBatis barrier mapper, in the Spring
 * transaction's {@code SqlSession}: the one their business mappers use, so rows and work share one transaction,
 * one executor and the application's MyBatis plugins.
 *
 * <p>Serves a DataSource when a {@link SqlSessionFactory} runs on it with mybatis-spring's
 * {@link SpringManagedTransactionFactory}; the session is reached through a {@link SqlSessionTemplate} of the
 * executor type the transaction's session already has, else that of the application's template for the factory.
 * The barrier mapper is added to every factory once all beans exist.
 */
public final class MybatisBarrierRowsProvider implements DtmBarrierRowsProvider, SmartInitializingSingleton {

    private final ObjectProvider<SqlSessionFactory> factories;
    private final ObjectProvider<SqlSessionTemplate> templates;

    /**
     * Creates the provider.
     *
     * @param factories the application's session factories
     * @param templates the application's session templates
     */
    public MybatisBarrierRowsProvider(ObjectProvider<SqlSessionFactory> factories,
            ObjectProvider<SqlSessionTemplate> templates) {
        this.factories = factories;
        this.templates = templates;
    }

    @Override
    public void afterSingletonsInstantiated() {
        factories.orderedStream().forEach(MybatisBarrier::create);
    }

    @Override
    public BarrierRows rowsFor(DataSource dataSource, JdbcBarrier barrier) {
        Optional<SqlSessionFactory> factory = factories.orderedStream()
                .filter(f -> servesInSpringTransactions(f, dataSource)).findFirst();
        return factory.map(f -> rows(f, MybatisBarrier.create(f, barrier))).orElse(null);
    }

    /**
     * Rows written in the transaction's session: with the executor type of the session already bound to the
     * transaction, if any (a session cannot change it), else that of the application's template for the factory
     * (the one its mappers use), else the factory's default.
     */
    private BarrierRows rows(SqlSessionFactory factory, MybatisBarrier barrier) {
        Map<ExecutorType, SqlSessionTemplate> byType = new ConcurrentHashMap<>();
        templates.orderedStream().filter(t -> t.getSqlSessionFactory() == factory)
                .forEach(t -> byType.putIfAbsent(t.getExecutorType(), t));
        ExecutorType usual = templates.orderedStream().filter(t -> t.getSqlSessionFactory() == factory)
                .map(SqlSessionTemplate::getExecutorType).findFirst()
                .orElse(factory.getConfiguration().getDefaultExecutorType());
        return row -> {
            ExecutorType type = TransactionSynchronizationManager.getResource(factory) instanceof SqlSessionHolder h
                    ? h.getExecutorType() : usual;
            SqlSessionTemplate template = byType.computeIfAbsent(type, t -> new SqlSessionTemplate(factory, t));
            return barrier.rows(template).insertIfAbsent(row);
        };
    }

    private static boolean servesInSpringTransactions(SqlSessionFactory factory, DataSource dataSource) {
        Environment environment = factory.getConfiguration().getEnvironment();
        if (environment == null || !(environment.getTransactionFactory() instanceof SpringManagedTransactionFactory)) {
            return false;
        }
        DataSource own = environment.getDataSource();
        if (own instanceof TransactionAwareDataSourceProxy proxy) {
            own = proxy.getTargetDataSource();
        }
        return own == dataSource;
    }
}
