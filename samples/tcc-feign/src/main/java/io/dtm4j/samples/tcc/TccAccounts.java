package io.dtm4j.samples.tcc;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A bank's accounts with a reserved amount ({@code dtm_busi.tcc_account}: balance, trading_balance), as in DTM's
 * TCC sample: the try reserves, the confirm books, the cancel releases.
 */
@Repository
public class TccAccounts {

    private final JdbcTemplate jdbc;

    /**
     * Creates the tables when missing and opens alice and bob with 100 each.
     *
     * @param dataSource the bank's database
     * @param jdbc its template
     * @throws SQLException when the barrier table cannot be created
     */
    public TccAccounts(DataSource dataSource, JdbcTemplate jdbc) throws SQLException {
        this.jdbc = jdbc;
        BarrierSchema.create(dataSource, BarrierSchema.DEFAULT_TABLE);
        jdbc.execute("create schema if not exists dtm_busi");
        jdbc.execute("create table if not exists dtm_busi.tcc_account (user_id varchar(64) primary key,"
                + " balance int not null, trading_balance int not null)");
        reset();
    }

    /** Gives alice and bob 100 each and nothing reserved. */
    public void reset() {
        jdbc.update("delete from dtm_busi.tcc_account");
        jdbc.update("insert into dtm_busi.tcc_account values ('alice', 100, 0), ('bob', 100, 0)");
    }

    /**
     * Reserves a move; a debit must be covered by the balance less what is already reserved.
     *
     * @param move the move
     * @throws DtmFailureException when the account is missing or cannot cover it
     */
    public void reserve(Move move) {
        int changed = jdbc.update("update dtm_busi.tcc_account set trading_balance = trading_balance + ?"
                + " where user_id = ? and balance + trading_balance + ? >= 0", move.amount(), move.user(),
                Math.min(move.amount(), 0));
        if (changed != 1) {
            throw new DtmFailureException("account '" + move.user() + "' does not exist or cannot cover "
                    + -move.amount());
        }
    }

    /**
     * Books a reserved move.
     *
     * @param move the move
     */
    public void book(Move move) {
        jdbc.update("update dtm_busi.tcc_account set balance = balance + ?, trading_balance = trading_balance - ?"
                + " where user_id = ?", move.amount(), move.amount(), move.user());
    }

    /**
     * Releases a reserved move.
     *
     * @param move the move
     */
    public void release(Move move) {
        jdbc.update("update dtm_busi.tcc_account set trading_balance = trading_balance - ? where user_id = ?",
                move.amount(), move.user());
    }

    /**
     * Every account as "balance (reserved n)".
     *
     * @return account to its state, sorted
     */
    public Map<String, String> balances() {
        Map<String, String> all = new TreeMap<>();
        jdbc.query("select user_id, balance, trading_balance from dtm_busi.tcc_account", rs -> {
            all.put(rs.getString(1), rs.getInt(2) + (rs.getInt(3) == 0 ? "" : " (reserved " + rs.getInt(3) + ")"));
        });
        return all;
    }
}
