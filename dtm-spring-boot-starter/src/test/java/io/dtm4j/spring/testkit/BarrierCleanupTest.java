package io.dtm4j.spring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Old barrier rows go by themselves, on real MariaDB and PostgreSQL, with two instances of the application cleaning
 * the same table at once; rows inside the retention stay; the switch turns it off.
 */
class BarrierCleanupTest {

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String database, String... extra) {
        List<String> props = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                "dtm.report-server-at-start=false", "dtm.server-url=http://127.0.0.1:9/api/dtmsvr",
                "spring.datasource.url=" + url(database), "dtm.barrier.cleanup.retention=1d",
                "dtm.barrier.cleanup.interval=200ms", "dtm.barrier.cleanup.batch-size=50"));
        props.addAll(List.of(extra));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TransferApp.class)
                .properties(props.toArray(String[]::new)).run();
        apps.add(app);
        return app;
    }

    private static String url(String database) {
        return database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
    }

    /** Inserts {@code count} rows of a fresh gid prefix, {@code daysOld} days old. */
    private static String rows(JdbcTemplate jdbc, String database, int count, int daysOld) {
        String prefix = "cleanup-" + UUID.randomUUID() + "-";
        String age = database.equals("mariadb") ? "now() - interval " + daysOld + " day"
                : "now() - interval '" + daysOld + " days'";
        for (int i = 0; i < count; i++) {
            jdbc.update("insert into " + BarrierSchema.DEFAULT_TABLE + " (trans_type, gid, branch_id, op, barrier_id,"
                    + " reason, create_time) values ('saga', ?, '01', 'action', '01', 'action', " + age + ")",
                    prefix + i);
        }
        return prefix;
    }

    private static int count(JdbcTemplate jdbc, String prefix) {
        return jdbc.queryForObject("select count(*) from " + BarrierSchema.DEFAULT_TABLE + " where gid like ?",
                Integer.class, prefix + "%");
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void twoInstancesDeleteTheOldRowsAndKeepTheRecentOnes(String database) throws Exception {
        DataSource ds = TestDatabases.byName(database);
        BarrierSchema.create(ds, BarrierSchema.DEFAULT_TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        String old = rows(jdbc, database, 400, 2);
        String recent = rows(jdbc, database, 20, 0);

        start(database);
        start(database);

        await(() -> count(jdbc, old) == 0);
        assertThat(count(jdbc, old)).as("rows past the retention").isZero();
        assertThat(count(jdbc, recent)).as("rows inside the retention").isEqualTo(20);
    }

    @org.junit.jupiter.api.Test
    void aFailingDatabaseIsLoggedAndTheNextRunStillComes() {
        org.springframework.jdbc.datasource.DriverManagerDataSource dead =
                new org.springframework.jdbc.datasource.DriverManagerDataSource("jdbc:mariadb://127.0.0.1:9/none");
        io.dtm4j.spring.internal.BarrierCleanup cleanup = new io.dtm4j.spring.internal.BarrierCleanup(
                () -> List.of(dead), new io.dtm4j.spring.internal.Barriers(
                        new org.springframework.beans.factory.support.DefaultListableBeanFactory()),
                Duration.ofDays(1), Duration.ofMinutes(1), 10);
        io.dtm4j.spring.internal.BarrierCleanup unlisted = new io.dtm4j.spring.internal.BarrierCleanup(() -> {
            throw new IllegalStateException("no DataSources yet");
        }, null, Duration.ofDays(1), Duration.ofMinutes(1), 10);

        assertThat(cleanup.runOnce()).isZero();
        assertThat(unlisted.runOnce()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void switchedOffNothingIsDeleted(String database) throws Exception {
        DataSource ds = TestDatabases.byName(database);
        BarrierSchema.create(ds, BarrierSchema.DEFAULT_TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        String old = rows(jdbc, database, 10, 2);

        ConfigurableApplicationContext app = start(database, "dtm.barrier.cleanup.enabled=false");
        Thread.sleep(1000);

        assertThat(app.getBeansOfType(io.dtm4j.spring.internal.BarrierCleanup.class)).isEmpty();
        assertThat(count(jdbc, old)).isEqualTo(10);
        jdbc.update("delete from " + BarrierSchema.DEFAULT_TABLE + " where gid like ?", old + "%");
    }
}
