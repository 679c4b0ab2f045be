package io.dtm4j.spring.bank;

import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sets up the bank's tables on a real database and starts {@link BankApp} on a random port against a server. */
final class BankFixture {

    private BankFixture() {
    }

    /** Creates the barrier and account tables (A holds 100, B 0) and starts the app. */
    static ConfigurableApplicationContext start(String database, String dtmServerUrl) throws Exception {
        return start(database, dtmServerUrl, BarrierSchema.DEFAULT_TABLE);
    }

    /** {@link #start(String, String)} with the barrier in another table ({@code dtm.barrier.table}). */
    static ConfigurableApplicationContext start(String database, String dtmServerUrl, String barrierTable)
            throws Exception {
        DataSource ds = TestDatabases.byName(database);
        BarrierSchema.create(ds, barrierTable);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(database.equals("mariadb") ? "create database if not exists dtm_busi"
                    : "create schema if not exists dtm_busi");
            s.execute("create table if not exists " + BankApp.ACCOUNTS + " (user_id varchar(64) primary key,"
                    + " balance int not null)");
            s.execute("delete from " + BankApp.ACCOUNTS);
            s.execute("insert into " + BankApp.ACCOUNTS + " values ('A', 100), ('B', 0)");
        }
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        return new SpringApplicationBuilder(BankApp.class).properties("server.port=0", "spring.datasource.url=" + url,
                "dtm.server-url=" + dtmServerUrl, "spring.main.banner-mode=off",
                "dtm.barrier.table=" + barrierTable).run();
    }

    static int balance(ConfigurableApplicationContext app, String user) {
        return app.getBean(JdbcTemplate.class).queryForObject("select balance from " + BankApp.ACCOUNTS
                + " where user_id = ?", Integer.class, user);
    }
}
