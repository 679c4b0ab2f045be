package io.dtm4j.server.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kv} table of the JDBC store (spec §6.9): optimistic updates on {@code version}.
 */
final class JdbcKv {

    private final SqlRunner sql;
    private final String table;

    JdbcKv(SqlRunner sql, String table) {
        this.sql = sql;
        this.table = table;
    }

    Optional<KvRecord> find(String cat, String key) {
        return sql.query("select * from " + table + " where cat=? and k=?", ps -> {
            ps.setString(1, cat);
            ps.setString(2, key);
        }, JdbcKv::row).stream().findFirst();
    }

    List<KvRecord> scan(String cat, String position, int limit) {
        long after = position == null || position.isEmpty() ? 0 : Long.parseLong(position);
        return sql.query("select * from " + table + " where cat=? and id > ? order by id limit " + limit, ps -> {
            ps.setString(1, cat);
            ps.setLong(2, after);
        }, JdbcKv::row);
    }

    void create(String cat, String key, String value) {
        Instant now = Instant.now();
        sql.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into " + table + "(cat, k, v, version,"
                    + " create_time, update_time) values(?,?,?,1,?,?)")) {
                ps.setString(1, cat);
                ps.setString(2, key);
                ps.setString(3, value);
                ps.setTimestamp(4, JdbcRows.ts(now));
                ps.setTimestamp(5, JdbcRows.ts(now));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw SqlRunner.duplicateOr(e, "kv " + cat + "/" + key + " exists");
            }
            return null;
        });
    }

    boolean update(String cat, String key, String value, long version) {
        return sql.update("update " + table + " set v=?, version=version+1, update_time=? where cat=? and k=?"
                + " and version=?", ps -> {
                    ps.setString(1, value);
                    ps.setTimestamp(2, JdbcRows.ts(Instant.now()));
                    ps.setString(3, cat);
                    ps.setString(4, key);
                    ps.setLong(5, version);
                }) == 1;
    }

    boolean delete(String cat, String key) {
        return sql.update("delete from " + table + " where cat=? and k=?", ps -> {
            ps.setString(1, cat);
            ps.setString(2, key);
        }) == 1;
    }

    private static KvRecord row(ResultSet rs) throws SQLException {
        return new KvRecord(rs.getLong("id"), rs.getString("cat"), rs.getString("k"), rs.getString("v"),
                rs.getLong("version"), JdbcRows.instant(rs.getTimestamp("create_time")),
                JdbcRows.instant(rs.getTimestamp("update_time")));
    }
}
