package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.internal.BarrierAdvisor;
import java.util.UUID;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import io.dtm4j.client.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

class DtmBarrierAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class, DtmBarrierAutoConfiguration.class));

    static class Handler {
        @DtmBarrier
        public void transIn(BranchContext branch) {
        }
    }

    static class NamedHandler {
        @DtmBarrier(dataSource = "ordersDataSource")
        public void transIn(BranchContext branch) {
        }
    }

    /** A fresh in-memory H2 database, with the barrier table when asked. */
    private static DataSource h2(String table) throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        if (table != null) {
            BarrierSchema.create(ds, table);
        }
        return ds;
    }

    private ApplicationContextRunner withDatabase(String table) throws Exception {
        DataSource ds = h2(table);
        return runner.withBean(DataSource.class, () -> ds)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds));
    }

    @Test
    void providesTheBarrierOnTheConfiguredTableAndItsAdvisor() throws Exception {
        withDatabase("busi.my_barrier").withPropertyValues("dtm.barrier.table=busi.my_barrier")
                .withBean(Handler.class).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
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
    void aDataSourceNameThatDoesNotExistStopsTheStartWithAnAnalysis() throws Exception {
        withDatabase(null).withBean(NamedHandler.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis analysis = new DtmFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("@DtmBarrier on NamedHandler.transIn() needs the"
                    + " DataSource named 'ordersDataSource' but the candidates are: dataSource");
            assertThat(analysis.getAction()).isEqualTo("set dataSource = \"<bean name>\" on the annotation, or mark"
                    + " one bean @Primary");
        });
    }

    @Test
    void anInMemoryDatabaseGetsItsBarrierTableByDefault() throws Exception {
        DataSource ds = h2(null);
        runner.withBean(DataSource.class, () -> ds)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds))
                .withBean(Handler.class).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(rows(ds, "dtm_barrier.barrier")).isZero();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void alwaysCreatesTheTableOnTheRealDatabasesAndEmbeddedDoesNot(String database) throws Exception {
        DataSource ds = TestDatabases.byName(database);
        String table = "dtm_busi.barrier_init_" + Long.toString(System.nanoTime(), 36);
        ApplicationContextRunner app = runner.withBean(DataSource.class, () -> ds)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds))
                .withPropertyValues("dtm.barrier.table=" + table).withBean(Handler.class);
        try {
            app.run(ctx -> assertThat(ctx).as("embedded (the default) leaves a real database alone").hasFailed());
            app.withPropertyValues("dtm.barrier.initialize-schema=always").run(ctx -> {
                assertThat(ctx).hasNotFailed();
                assertThat(rows(ds, table)).isZero();
            });
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
            }
        }
    }

    private static int rows(DataSource ds, String table) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aMissingBarrierTableStopsTheStart() throws Exception {
        withDatabase(null).withPropertyValues("dtm.barrier.initialize-schema=never").withBean(Handler.class)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new DtmFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("@DtmBarrier on Handler.transIn() needs the"
                            + " barrier table 'dtm_barrier.barrier', which does not exist in its DataSource");
                    assertThat(analysis.getAction()).startsWith("create it with BarrierSchema.create(dataSource,");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aMissingBarrierTableStopsTheStartOnTheRealDatabases(String database) {
        DataSource ds = TestDatabases.byName(database);
        runner.withBean(DataSource.class, () -> ds)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds))
                .withPropertyValues("dtm.barrier.table=dtm_busi.no_such_barrier").withBean(Handler.class)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(new DtmFailureAnalyzer().analyze(ctx.getStartupFailure()).getDescription())
                            .contains("needs the barrier table 'dtm_busi.no_such_barrier', which does not exist");
                });
    }

    @Test
    void aTransactionManagerOfAnotherDataSourceIsRefusedBeforeAnyRowIsWritten() throws Exception {
        DataSource primary = h2(BarrierSchema.DEFAULT_TABLE);
        DataSource orders = h2(BarrierSchema.DEFAULT_TABLE);
        runner.withBean("dataSource", DataSource.class, () -> primary, bd -> bd.setPrimary(true))
                .withBean("ordersDataSource", DataSource.class, () -> orders)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(primary))
                .withBean(NamedHandler.class).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    BranchContext branch = BranchContext.of("saga", "g-" + UUID.randomUUID(), "01", "action");

                    assertThatThrownBy(() -> ctx.getBean(NamedHandler.class).transIn(branch))
                            .isInstanceOf(DtmException.class)
                            .hasMessageContaining("@DtmBarrier on NamedHandler.transIn()")
                            .hasMessageContaining("auto-commit mode").hasMessageContaining("transactionManager =")
                            .hasMessageContaining(branch.gid());
                    assertThat(new JdbcTemplate(orders).queryForObject("select count(*) from "
                            + BarrierSchema.DEFAULT_TABLE, Integer.class)).as("no barrier row written").isZero();
                });
    }
}
