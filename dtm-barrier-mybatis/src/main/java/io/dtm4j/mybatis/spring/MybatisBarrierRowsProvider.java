package io.dtm4j.mybatis.spring;

import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.mybatis.MybatisBarrier;
import io.dtm4j.spring.DtmBarrierRowsProvider;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.SqlSessionFactory;
import org.mybatis.spring.SqlSessionTemplate;
import org.mybatis.spring.transaction.SpringManagedTransactionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Makes {@code @DtmBarrier} methods write their barrier rows through the MyBatis barrier mapper, in the Spring
 * transaction's {@code SqlSession}: the one their business mappers use, so rows and work share one transaction,
 * one executor and the application's MyBatis plugins.
 *
 * <p>Serves a DataSource when a {@link SqlSessionFactory} runs on it with mybatis-spring's
 * {@link SpringManagedTransactionFactory}; the session is reached through the application's
 * {@link SqlSessionTemplate} for that factory (so the executor type matches), else a new one. The barrier mapper
 * is added to every factory once all beans exist.
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
        return factory.map(f -> MybatisBarrier.create(f, barrier).rows(template(f))).orElse(null);
    }

    private SqlSessionTemplate template(SqlSessionFactory factory) {
        return templates.orderedStream().filter(t -> t.getSqlSessionFactory() == factory).findFirst()
                .orElseGet(() -> new SqlSessionTemplate(factory));
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
