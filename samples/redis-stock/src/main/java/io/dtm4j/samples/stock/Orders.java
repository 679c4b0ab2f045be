package io.dtm4j.samples.stock;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The orders of the sale ({@code dtm_busi.stock_order}), created on start with the barrier table.
 */
@Repository
public class Orders {

    /** A buyer whose orders the shop refuses, to show the stock coming back. */
    public static final String BLOCKED = "mallory";

    private final JdbcTemplate jdbc;

    /**
     * Creates the tables when missing.
     *
     * @param dataSource the database
     * @param jdbc its template
     * @throws SQLException when the barrier table cannot be created
     */
    public Orders(DataSource dataSource, JdbcTemplate jdbc) throws SQLException {
        this.jdbc = jdbc;
        BarrierSchema.create(dataSource, BarrierSchema.DEFAULT_TABLE);
        jdbc.execute("create schema if not exists dtm_busi");
        jdbc.execute("create table if not exists dtm_busi.stock_order (gid varchar(128) primary key,"
                + " sku varchar(64) not null, buyer varchar(64) not null)");
    }

    /**
     * Writes an order.
     *
     * @param gid the purchase
     * @param sku the item
     * @param buyer who bought it
     * @throws DtmFailureException for the blocked buyer
     */
    public void create(String gid, String sku, String buyer) {
        if (BLOCKED.equals(buyer)) {
            throw new DtmFailureException("buyer '" + buyer + "' is blocked: no order (gid " + gid + ")");
        }
        jdbc.update("insert into dtm_busi.stock_order (gid, sku, buyer) values (?, ?, ?)", gid, sku, buyer);
    }

    /**
     * Removes an order: the compensation.
     *
     * @param gid the purchase
     */
    public void cancel(String gid) {
        jdbc.update("delete from dtm_busi.stock_order where gid = ?", gid);
    }

    /**
     * How many orders an item has.
     *
     * @param sku the item
     * @return the count
     */
    public int count(String sku) {
        return jdbc.queryForObject("select count(*) from dtm_busi.stock_order where sku = ?", Integer.class, sku);
    }

    /**
     * Removes every order of an item, to start a sale afresh.
     *
     * @param sku the item
     */
    public void clear(String sku) {
        jdbc.update("delete from dtm_busi.stock_order where sku = ?", sku);
    }
}
