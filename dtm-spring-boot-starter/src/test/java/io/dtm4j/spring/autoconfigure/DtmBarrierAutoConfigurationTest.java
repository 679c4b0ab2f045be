package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.internal.BarrierAdvisor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DtmBarrierAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class, DtmBarrierAutoConfiguration.class));

    static class Handler {
        @DtmBarrier(dataSource = "ordersDataSource")
        public void transIn(BranchContext branch) {
        }
    }

    @Test
    void providesTheBarrierOnTheConfiguredTableAndItsAdvisor() {
        runner.withPropertyValues("dtm.barrier.table=busi.my_barrier").withBean(Handler.class).run(ctx -> {
            assertThat(ctx.getBean(JdbcBarrier.class).table()).isEqualTo("busi.my_barrier");
            assertThat(ctx).hasSingleBean(BarrierAdvisor.class);
            assertThat(AopUtils.isAopProxy(ctx.getBean(Handler.class))).isTrue();
        });
    }

    @Test
    void backsOffForTheApplicationsBarrierAndCanBeSwitchedOff() {
        JdbcBarrier own = JdbcBarrier.builder().table("x.y").build();
        runner.withBean(JdbcBarrier.class, () -> own).run(ctx ->
                assertThat(ctx.getBean(JdbcBarrier.class)).isSameAs(own));
        runner.withPropertyValues("dtm.barrier.enabled=false").withBean(Handler.class).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(BarrierAdvisor.class).doesNotHaveBean(JdbcBarrier.class);
            assertThat(AopUtils.isAopProxy(ctx.getBean(Handler.class))).isFalse();
        });
    }

    @Test
    void aDataSourceNameThatDoesNotExistIsNamedInTheError() {
        runner.withBean(Handler.class).run(ctx -> assertThatThrownBy(() -> ctx.getBean(Handler.class)
                .transIn(BranchContext.of("saga", "g1", "01", "action")))
                .hasMessageContaining("@DtmBarrier on Handler.transIn() needs the DataSource named"
                        + " 'ordersDataSource' but there is none"));
    }
}
