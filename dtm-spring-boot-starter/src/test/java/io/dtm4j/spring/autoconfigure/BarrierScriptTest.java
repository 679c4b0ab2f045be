package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.TestDatabases;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The shipped barrier scripts run as they are by Spring's script runner (what {@code spring.sql.init} uses): from
 * scratch on a fresh H2, and again over an existing table on MariaDB and PostgreSQL (they are idempotent); the
 * table they leave refuses a second row for one gid, branch, op and barrier id, which is what the barrier rests on.
 */
class BarrierScriptTest {

    private static DataSource database(String name) {
        return name.equals("h2")
                ? new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                : TestDatabases.byName(name);
    }

    @ParameterizedTest
    @CsvSource({"h2,h2.sql", "mariadb,mysql.sql", "postgres,postgres.sql"})
    void theScriptRunsAsItIsAndTwice(String name, String script) {
        DataSource ds = database(name);
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                new ClassPathResource("io/dtm4j/client/barrier/" + script));
        populator.execute(ds);
        populator.execute(ds);

        JdbcTemplate jdbc = new JdbcTemplate(ds);
        String gid = "script-" + UUID.randomUUID();
        String insert = "insert into dtm_barrier.barrier (trans_type, gid, branch_id, op, barrier_id, reason)"
                + " values ('saga', ?, '01', 'action', '01', 'action')";
        assertThat(jdbc.update(insert, gid)).isEqualTo(1);
        assertThatThrownBy(() -> jdbc.update(insert, gid)).isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("delete from dtm_barrier.barrier where gid = ?", gid);
    }
}
