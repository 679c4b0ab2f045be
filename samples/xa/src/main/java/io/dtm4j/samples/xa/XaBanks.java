package io.dtm4j.samples.xa;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.xa.XaLocalTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The two banks' databases ({@code sample.bank1-url}, {@code sample.bank2-url}), each with its account table and
 * barrier table, and the XA participant of each. The DataSources are not pooled: MariaDB keeps a prepared XA
 * branch on its session, so the participant ends that connection after {@code XA PREPARE}.
 */
@Component
public class XaBanks {

    private final Map<String, DataSource> databases = new TreeMap<>();
    private final Map<String, XaLocalTransaction> participants = new TreeMap<>();

    /**
     * Opens both databases, creating them and their tables when missing.
     *
     * @param environment for the URLs
     * @param dtm the DTM client the participants register their branches with
     * @throws SQLException when a database cannot be reached or prepared, with its URL
     */
    public XaBanks(Environment environment, DtmClient dtm) throws SQLException {
        for (String bank : new String[] {"bank1", "bank2"}) {
            String url = environment.getRequiredProperty("sample." + bank + "-url");
            DataSource ds = open(url);
            String schema = schemaOf(url);
            String barrier = schema + ".barrier";
            BarrierSchema.create(ds, barrier);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.execute("create table if not exists " + schema + ".user_account (user_id varchar(64) primary key,"
                    + " balance int not null)");
            databases.put(bank, ds);
            participants.put(bank, XaLocalTransaction.builder(ds, dtm).barrierTable(barrier).build());
        }
        reset();
    }

    /** Gives alice (bank1) and bob (bank2) 100 each. */
    public void reset() {
        for (Map.Entry<String, DataSource> e : databases.entrySet()) {
            JdbcTemplate jdbc = new JdbcTemplate(e.getValue());
            jdbc.update("delete from user_account");
            jdbc.update("insert into user_account values (?, 100)", e.getKey().equals("bank1") ? "alice" : "bob");
        }
    }

    /**
     * The XA participant of a bank.
     *
     * @param bank {@code bank1} or {@code bank2}
     * @return its participant
     */
    public XaLocalTransaction participant(String bank) {
        return participants.get(bank);
    }

    /**
     * Adds to a balance on the XA branch's connection, refusing to go below zero.
     *
     * @param c the connection inside the XA branch
     * @param user the account
     * @param amount the change
     * @throws SQLException on a database error
     * @throws DtmFailureException when the account is missing or too poor
     */
    public static void add(Connection c, String user, int amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update user_account set balance = balance + ?"
                + " where user_id = ? and balance + ? >= 0")) {
            ps.setInt(1, amount);
            ps.setString(2, user);
            ps.setInt(3, amount);
            if (ps.executeUpdate() != 1) {
                throw new DtmFailureException("account '" + user + "' does not exist"
                        + (amount < 0 ? " or has less than " + -amount : ""));
            }
        }
    }

    /**
     * Every balance of both banks.
     *
     * @return "bank/account" to balance, sorted
     */
    public Map<String, Integer> balances() {
        Map<String, Integer> all = new TreeMap<>();
        databases.forEach((bank, ds) -> new JdbcTemplate(ds).query("select user_id, balance from user_account",
                rs -> {
                    all.put(bank + "/" + rs.getString(1), rs.getInt(2));
                }));
        return all;
    }

    private static DataSource open(String url) throws SQLException {
        MariaDbDataSource ds = new MariaDbDataSource();
        ds.setUrl(url.replaceFirst("(jdbc:(mariadb|mysql)://[^/]+/)[^?]*", "$1"));
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("create database if not exists " + schemaOf(url));
        } catch (SQLException e) {
            throw new SQLException("cannot reach " + url + ": " + e.getMessage() + " (XA needs MariaDB/MySQL:"
                    + " start it, e.g. scripts/services.sh, or set sample.bank1-url / sample.bank2-url)", e);
        }
        ds.setUrl(url);
        return ds;
    }

    private static String schemaOf(String url) {
        String path = url.replaceFirst("jdbc:(mariadb|mysql)://[^/]+/", "");
        String schema = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("database '" + schema + "' in " + url + " is not a plain identifier"
                    + " (name a database like dtm_xa_bank1)");
        }
        return schema;
    }
}
