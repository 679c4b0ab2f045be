package io.dtm4j.mybatis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.mybatis.MybatisBarrier;
import io.dtm4j.mybatis.internal.BarrierMapper;
import io.dtm4j.mybatis.spring.MybatisBarrierRowsProvider;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import io.dtm4j.spring.autoconfigure.DtmBarrierAutoConfiguration;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.mybatis.spring.SqlSessionTemplate;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

class DtmMybatisBarrierAutoConfigurationTest {

    private static final StaticListableBeanFactory NONE = new StaticListableBeanFactory();

    private final DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1");
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class, DtmBarrierAutoConfiguration.class,
                    DtmMybatisBarrierAutoConfiguration.class))
            .withBean(DataSource.class, () -> ds)
            .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds));

    @Test
    void withMybatisTheBarrierMapperIsRegisteredAndDtmBarrierRowsGoThroughIt() {
        runner.withConfiguration(AutoConfigurations.of(MybatisAutoConfiguration.class))
                .withPropertyValues("dtm.barrier.table=busi.my_barrier").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(MybatisBarrierRowsProvider.class)
                            .hasSingleBean(MybatisBarrier.class);
                    assertThat(ctx.getBean(SqlSessionFactory.class).getConfiguration()
                            .hasMapper(BarrierMapper.class)).isTrue();
                    assertThat(ctx.getBean(MybatisBarrier.class).table()).isEqualTo("busi.my_barrier");
                    assertThat(ctx.getBean(MybatisBarrierRowsProvider.class).rowsFor(ds,
                            JdbcBarrier.defaults())).isNotNull();
                    assertThat(ctx.getBean(MybatisBarrierRowsProvider.class).rowsFor(
                            new DriverManagerDataSource("jdbc:h2:mem:other"),
                            JdbcBarrier.defaults())).as("no factory on it").isNull();
                });
    }

    @Test
    void backsOffWithoutASqlSessionFactory() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(MybatisBarrierRowsProvider.class)
                .doesNotHaveBean(MybatisBarrier.class));
    }

    @Test
    void switchedOffByProperty() {
        runner.withConfiguration(AutoConfigurations.of(MybatisAutoConfiguration.class))
                .withPropertyValues("dtm.barrier.mybatis.enabled=false").run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(MybatisBarrierRowsProvider.class);
                    assertThat(ctx.getBean(SqlSessionFactory.class).getConfiguration()
                            .hasMapper(BarrierMapper.class)).isFalse();
                });
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwn() {
        runner.withConfiguration(AutoConfigurations.of(MybatisAutoConfiguration.class))
                .withBean("mine", MybatisBarrierRowsProvider.class, () -> new MybatisBarrierRowsProvider(
                        NONE.getBeanProvider(SqlSessionFactory.class), NONE.getBeanProvider(SqlSessionTemplate.class)))
                .run(ctx -> assertThat(ctx).hasNotFailed().getBean(MybatisBarrierRowsProvider.class)
                        .isSameAs(ctx.getBean("mine")));
    }
}
