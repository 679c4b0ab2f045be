package io.dtm4j.mybatis.autoconfigure;

import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.mybatis.MybatisBarrier;
import io.dtm4j.mybatis.spring.MybatisBarrierRowsProvider;
import io.dtm4j.spring.autoconfigure.DtmBarrierAutoConfiguration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.mybatis.spring.SqlSessionTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The barrier on MyBatis, after MyBatis' own auto-configuration: {@code @DtmBarrier} methods write their rows
 * through the barrier mapper in the Spring transaction's {@code SqlSession}, and a {@link MybatisBarrier} bean is
 * there for calls of your own when the application has one {@link SqlSessionFactory}. Off with
 * {@code dtm.barrier.mybatis.enabled=false} (the rows then go in with plain JDBC on the same connection).
 */
@AutoConfiguration(after = DtmBarrierAutoConfiguration.class,
        afterName = "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration")
@ConditionalOnClass({SqlSessionFactory.class, SqlSessionTemplate.class})
@ConditionalOnBean({SqlSessionFactory.class, JdbcBarrier.class})
@ConditionalOnProperty(prefix = "dtm.barrier.mybatis", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class DtmMybatisBarrierAutoConfiguration {

    /**
     * Writes {@code @DtmBarrier} rows through MyBatis for every DataSource a session factory runs on.
     *
     * @param factories the session factories
     * @param templates the session templates, to share their executor type
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean
    public MybatisBarrierRowsProvider dtmMybatisBarrierRows(ObjectProvider<SqlSessionFactory> factories,
            ObjectProvider<SqlSessionTemplate> templates) {
        return new MybatisBarrierRowsProvider(factories, templates);
    }

    /**
     * The MyBatis barrier on the application's session factory and the {@code dtm.barrier.table}.
     *
     * @param factory the session factory
     * @param barrier the barrier settings
     * @return the barrier
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(SqlSessionFactory.class)
    public MybatisBarrier dtmMybatisBarrier(SqlSessionFactory factory, JdbcBarrier barrier) {
        return MybatisBarrier.create(factory, barrier);
    }
}
