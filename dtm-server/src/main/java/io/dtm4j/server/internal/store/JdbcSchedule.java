package io.dtm4j.server.internal.store;

import io.dtm4j.client.barrier.BarrierDialect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL store's scheduling statements: next cron times, leases (owner-conditional), the cron's pick of one due
 * transaction, and the reset of cron times.
 */
final class JdbcSchedule {

    private static final String UNFINISHED = "status in ('prepared','aborting','submitted')";

    private final SqlRunner sql;
    private final String g;
    private final BarrierDialect dialect;

    JdbcSchedule(SqlRunner sql, String globalTable, BarrierDialect dialect) {
        this.sql = sql;
        this.g = globalTable;
        this.dialect = dialect;
    }

    boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime, long interval) {
        return sql.update("update " + g + " set next_cron_time=?, next_cron_interval=? where gid=? and status=?"
                + (owner == null ? "" : " and owner=?"), ps -> {
                    ps.setTimestamp(1, JdbcRows.ts(nextCronTime));
                    ps.setLong(2, interval);
                    ps.setString(3, gid);
                    ps.setString(4, status.wire());
                    if (owner != null) {
                        ps.setString(5, owner);
                    }
                }) == 1;
    }

    boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner, Instant until,
            long interval, Instant now) {
        return sql.update("update " + g + " set owner=?, next_cron_time=?, next_cron_interval=? where gid=? and"
                + " status=? and " + (expectedOwner != null ? "owner=?" : "(owner='' or next_cron_time < ?)"), ps -> {
                    ps.setString(1, newOwner);
                    ps.setTimestamp(2, JdbcRows.ts(until));
                    ps.setLong(3, interval);
                    ps.setString(4, gid);
                    ps.setString(5, status.wire());
                    if (expectedOwner != null) {
                        ps.setString(6, expectedOwner);
                    } else {
                        ps.setTimestamp(6, JdbcRows.ts(now));
                    }
                }) == 1;
    }

    Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner) {
        if (dialect == BarrierDialect.POSTGRES) {
            return leaseOldest(dueBefore, leaseUntil, owner);
        }
        List<Long> ids = sql.query("select id from " + g + " where next_cron_time < ? and " + UNFINISHED
                + " order by rand() limit 1", ps -> ps.setTimestamp(1, JdbcRows.ts(dueBefore)),
                rs -> rs.getLong(1));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        int leased = sql.update("update " + g + " set next_cron_time=?, owner=?, update_time=? where id=? and"
                + " next_cron_time < ? and " + UNFINISHED, ps -> {
                    ps.setTimestamp(1, JdbcRows.ts(leaseUntil));
                    ps.setString(2, owner);
                    ps.setTimestamp(3, JdbcRows.ts(dueBefore));
                    ps.setLong(4, ids.get(0));
                    ps.setTimestamp(5, JdbcRows.ts(dueBefore));
                });
        if (leased != 1) {
            return Optional.empty();
        }
        return sql.query("select * from " + g + " where owner=?", ps -> ps.setString(1, owner), JdbcRows::global)
                .stream().findFirst();
    }

    /**
     * PostgreSQL: leases the longest-overdue unfinished transaction in one statement. Each status is read by an
     * index scan in cron-time order that stops at the first live row ({@code skip locked} passes over a row
     * another instance is leasing), so index entries left by finished transactions are marked dead as they are
     * passed and cost nothing the next time. The random pick of the other stores reads every matching entry,
     * dead ones included, on every pick: over 100 ms a pick once a few hundred thousand transactions had
     * finished between two vacuums.
     */
    private Optional<GlobalTrans> leaseOldest(Instant dueBefore, Instant leaseUntil, String owner) {
        return sql.query("update " + g + " set next_cron_time=?, owner=?, update_time=? where id = (select d.id"
                + " from unnest(array['prepared','aborting','submitted']) s(st), lateral (select id, next_cron_time"
                + " from " + g + " where status = s.st and next_cron_time < ? order by next_cron_time limit 1"
                + " for update skip locked) d order by d.next_cron_time limit 1) returning *", ps -> {
                    ps.setTimestamp(1, JdbcRows.ts(leaseUntil));
                    ps.setString(2, owner);
                    ps.setTimestamp(3, JdbcRows.ts(dueBefore));
                    ps.setTimestamp(4, JdbcRows.ts(dueBefore));
                }, JdbcRows::global).stream().findFirst();
    }

    int resetCronTime(Instant later, Instant now, int limit) {
        List<Long> ids = sql.query("select id from " + g + " where next_cron_time > ? and " + UNFINISHED
                + " limit " + limit, ps -> ps.setTimestamp(1, JdbcRows.ts(later)), rs -> rs.getLong(1));
        int changed = 0;
        for (long id : ids) {
            changed += sql.update("update " + g + " set next_cron_time=? where id=? and " + UNFINISHED, ps -> {
                ps.setTimestamp(1, JdbcRows.ts(now));
                ps.setLong(2, id);
            });
        }
        return changed;
    }
}
