package io.dtm4j.samples.msg;

import io.dtm4j.client.barrier.BarrierSchema;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Orders and shipments ({@code dtm_busi.msg_order}, {@code dtm_busi.msg_shipment}), created on start with the
 * barrier table, on H2, MariaDB/MySQL or PostgreSQL.
 */
@Repository
public class Orders {

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
        jdbc.execute("create table if not exists dtm_busi.msg_order (id varchar(64) primary key,"
                + " amount int not null, status varchar(16) not null)");
        jdbc.execute("create table if not exists dtm_busi.msg_shipment (order_id varchar(64) primary key)");
    }

    /**
     * Opens an order, or reopens it as new.
     *
     * @param id the order
     * @param amount its amount
     */
    public void open(String id, int amount) {
        jdbc.update("delete from dtm_busi.msg_shipment where order_id = ?", id);
        if (jdbc.update("update dtm_busi.msg_order set status = 'new', amount = ? where id = ?", amount, id) == 0) {
            jdbc.update("insert into dtm_busi.msg_order (id, amount, status) values (?, ?, 'new')", id, amount);
        }
    }

    /**
     * The status of an order.
     *
     * @param id the order
     * @return {@code new}, {@code paid}, or null for no such order
     */
    public String status(String id) {
        List<String> found = jdbc.queryForList("select status from dtm_busi.msg_order where id = ?", String.class, id);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Marks a new order paid.
     *
     * @param id the order
     * @return whether it was new
     */
    public boolean markPaid(String id) {
        return jdbc.update("update dtm_busi.msg_order set status = 'paid' where id = ? and status = 'new'", id) == 1;
    }

    /**
     * Records a shipment.
     *
     * @param id the order
     */
    public void ship(String id) {
        jdbc.update("insert into dtm_busi.msg_shipment (order_id) values (?)", id);
    }

    /**
     * Whether an order was shipped.
     *
     * @param id the order
     * @return true once its shipment is recorded
     */
    public boolean shipped(String id) {
        return jdbc.queryForObject("select count(*) from dtm_busi.msg_shipment where order_id = ?", Integer.class,
                id) == 1;
    }
}
