package io.dtm4j.samples.workflow;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The bank's accounts ({@code dtm_busi.user_account}, as in DTM's own samples). Creates its table and the barrier
 * table on start, on H2, MariaDB/MySQL or PostgreSQL, and opens alice and bob with 100 each when they are missing.
 */
@Repository
public class Accounts {

    /** The account table. */
    public static final String TABLE = "dtm_busi.user_account";

    private final JdbcTemplate jdbc;

    /**
     * Creates the tables when missing.
     *
     * @param dataSource the business database
     * @param jdbc its template
     * @throws SQLException when the tables cannot be created
     */
    public Accounts(DataSource dataSource, JdbcTemplate jdbc) throws SQLException {
        this.jdbc = jdbc;
        BarrierSchema.create(dataSource, BarrierSchema.DEFAULT_TABLE);
        jdbc.execute("create schema if not exists dtm_busi");
        jdbc.execute("create table if not exists " + TABLE + " (user_id varchar(64) primary key,"
                + " balance int not null)");
        for (String user : new String[] {"alice", "bob"}) {
            if (jdbc.queryForObject("select count(*) from " + TABLE + " where user_id = ?", Integer.class, user) == 0) {
                jdbc.update("insert into " + TABLE + " (user_id, balance) values (?, 100)", user);
            }
        }
    }

    /**
     * Adds to a balance (a negative amount takes away), refusing to go below zero.
     *
     * @param user the account
     * @param amount the change
     * @throws DtmFailureException when the account is missing or has too little: a definite failure
     */
    public void add(String user, int amount) {
        int changed = jdbc.update("update " + TABLE + " set balance = balance + ? where user_id = ?"
                + " and balance + ? >= 0", amount, user, amount);
        if (changed != 1) {
            throw new DtmFailureException("account '" + user + "' does not exist or has less than " + -amount);
        }
    }

    /**
     * Whether an account exists.
     *
     * @param user the account
     * @return true when it does
     */
    public boolean exists(String user) {
        return jdbc.queryForObject("select count(*) from " + TABLE + " where user_id = ?", Integer.class, user) == 1;
    }

    /**
     * Every balance, by account.
     *
     * @return account to balance, sorted
     */
    public Map<String, Integer> balances() {
        Map<String, Integer> balances = new TreeMap<>();
        jdbc.query("select user_id, balance from " + TABLE, rs -> {
            balances.put(rs.getString(1), rs.getInt(2));
        });
        return balances;
    }
}
