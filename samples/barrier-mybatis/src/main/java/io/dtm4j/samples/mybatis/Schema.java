package io.dtm4j.samples.mybatis;

import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the account and barrier tables on start (H2, MariaDB/MySQL or PostgreSQL) and opens alice and bob with
 * 100 each.
 */
@Component
public class Schema {

    /**
     * Creates the tables.
     *
     * @param dataSource the database
     * @throws SQLException when the barrier table cannot be created
     */
    public Schema(DataSource dataSource) throws SQLException {
        BarrierSchema.create(dataSource, BarrierSchema.DEFAULT_TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create schema if not exists dtm_busi");
        jdbc.execute("create table if not exists dtm_busi.mybatis_account (user_id varchar(64) primary key,"
                + " balance int not null)");
        reset(jdbc);
    }

    /**
     * Gives alice and bob 100 each.
     *
     * @param jdbc the database
     */
    public static void reset(JdbcTemplate jdbc) {
        jdbc.update("delete from dtm_busi.mybatis_account");
        jdbc.update("insert into dtm_busi.mybatis_account (user_id, balance) values ('alice', 100), ('bob', 100)");
    }
}
