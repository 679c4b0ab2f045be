package io.dtm4j.server.internal.store;

import io.dtm4j.client.barrier.BarrierDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The store on a SQL database with the official tables ({@code trans_global}, {@code trans_branch_op},
 * {@code kv}; spec §8.1): H2 (the embedded default), MySQL/MariaDB, PostgreSQL. Every status change is a
 * conditional update; branch writes lock the transaction row first. Thread-safe.
 */
public final class JdbcStore implements TransStore {

    private final SqlRunner sql;
    private final JdbcKv kv;
    private final BarrierDialect dialect;
    private final String g;
    private final String b;
    private final Runnable onClose;
    private final DataSource dataSource;
    private final String schema;
    /** The embedded database: one server process owns it (H2 locks its file). */
    private boolean singleProcess;
    /** Group commit of creations and status changes (MySQL/MariaDB, PostgreSQL); {@code null} on H2. */
    private final JdbcBatcher batcher;
    private final JdbcSchedule schedule;

    /**
     * The embedded store: an H2 database in {@code directory/dtm.mv.db}, tables created on first start.
     *
     * @param directory where the database file lives (created if missing)
     * @return the store; closing it closes the database
     */
    public static JdbcStore h2File(java.nio.file.Path directory) {
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
        // A larger statement cache than H2's 8: the engine uses about a dozen statements per transaction.
        pool.setJdbcUrl("jdbc:h2:file:" + directory.toAbsolutePath().resolve("dtm")
                + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(16);
        pool.setPoolName("dtm-h2");
        JdbcStore store = new JdbcStore(pool, "dtm", pool::close);
        store.singleProcess = true;
        return store;
    }

    /**
     * H2 only: writes every committed change to the database file and syncs it ({@code CHECKPOINT SYNC}).
     *
     * @throws StoreException FAILED when the database cannot
     */
    public void checkpoint() {
        sql.update("checkpoint sync", ps -> { });
    }

    /** H2 only: rebuilds the tables' indexes from their rows (after an unclean stop, see {@link H2Repair}). */
    void rebuildIndexes() {
        H2Repair.rebuildIndexes(dataSource, schema);
    }

    @Override
    public int dueAtStart(Instant now) {
        if (!singleProcess) {
            return 0;
        }
        return sql.update("update " + g + " set next_cron_time=? where status in ('submitted','aborting')",
                ps -> ps.setTimestamp(1, JdbcRows.ts(now)));
    }

    /**
     * Opens the store, creating the tables if they do not exist.
     *
     * @param dataSource the database
     * @param schema the database (MySQL) or schema (PostgreSQL, H2) of the tables, e.g. {@code dtm}
     * @param onClose run by {@link #close()} (closes a pool the caller made for the store), may be {@code null}
     * @throws StoreException FAILED when the database cannot be reached or the tables cannot be created
     */
    public JdbcStore(DataSource dataSource, String schema, Runnable onClose) {
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("schema '" + schema + "' must be a plain identifier");
        }
        this.sql = new SqlRunner(dataSource);
        this.kv = new JdbcKv(sql, schema + ".kv");
        this.onClose = onClose;
        this.g = schema + ".trans_global";
        this.b = schema + ".trans_branch_op";
        this.dataSource = dataSource;
        this.schema = schema;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = BarrierDialect.detect(c);
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.FAILED, "cannot open the DTM tables in schema '" + schema
                    + "': " + e.getMessage() + " (check the Store settings and that the database is up)", e);
        }
        JdbcSchema.create(dataSource, dialect, schema, false);
        this.schedule = new JdbcSchedule(sql, g, dialect);
        int writers = writers(dataSource);
        this.batcher = dialect == BarrierDialect.H2 || writers == 0 ? null : new JdbcBatcher(dataSource, dialect,
                schema, change ->
                change instanceof JdbcBatcher.Create c ? createAlone(c.global(), c.branches())
                : changeAlone(((JdbcBatcher.Status) change).global(), ((JdbcBatcher.Status) change).old(),
                ((JdbcBatcher.Status) change).branches()), this::findGlobal, writers);
    }

    /**
     * A group-commit writer per core (at least two, at most {@link JdbcBatcher#MAX_WRITERS}) and at most one per four
     * pooled connections, so that reads keep most of the pool; none (each change commits alone) for a pool under
     * four.
     */
    private static int writers(DataSource dataSource) {
        int pool = dataSource instanceof com.zaxxer.hikari.HikariDataSource h ? h.getMaximumPoolSize() : 8;
        // As many writers as cores (at least two, so that one batch builds while the other commits): on two
        // cores, two writers ran 15-20 % more sagas per second than four on both databases, and one writer
        // alone 25 % fewer.
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        return Math.min(Math.min(JdbcBatcher.MAX_WRITERS, cores), pool / 4);
    }

    @Override
    public void reset() {
        JdbcSchema.create(dataSource, dialect, schema, true);
    }

    @Override
    public Optional<GlobalTrans> findGlobal(String gid) {
        return sql.query("select * from " + g + " where gid=?", ps -> ps.setString(1, gid), JdbcRows::global)
                .stream().findFirst();
    }

    @Override
    public List<BranchTrans> findBranches(String gid) {
        return sql.query("select * from " + b + " where gid=? order by id", ps -> ps.setString(1, gid),
                JdbcRows::branch);
    }

    @Override
    public void create(GlobalTrans global, List<BranchTrans> branches) {
        boolean created = batcher == null ? createAlone(global, branches) : batcher.run(new JdbcBatcher.Create(global,
                branches, new java.util.concurrent.CompletableFuture<>()));
        if (!created) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "gid '" + global.gid + "' exists");
        }
    }

    private boolean createAlone(GlobalTrans global, List<BranchTrans> branches) {
        try {
            sql.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("insert into " + g + "(gid, trans_type, status,"
                        + " query_prepared, protocol, create_time, update_time, options, custom_data,"
                        + " next_cron_interval, next_cron_time, owner, ext_data, result, rollback_reason)"
                        + " values(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    JdbcRows.bindNewGlobal(ps, global);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw SqlRunner.duplicateOr(e, "gid '" + global.gid + "' exists");
                }
                insertBranches(c, branches);
                return null;
            });
            return true;
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.DUPLICATE && e.getMessage().startsWith("gid '")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void appendBranches(String gid, TransStatus expectedStatus, List<BranchTrans> branches) {
        sql.inTransaction(c -> {
            if (!lockGlobal(c, gid, expectedStatus)) {
                throw new StoreException(StoreException.Kind.NOT_FOUND, "no trans with gid: " + gid + " status: "
                        + expectedStatus + " found");
            }
            insertBranches(c, branches);
            return null;
        });
    }

    @Override
    public boolean changeStatus(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> branches) {
        return batcher == null ? changeAlone(global, oldStatus, branches) : batcher.run(new JdbcBatcher.Status(global,
                oldStatus, branches, new java.util.concurrent.CompletableFuture<>()));
    }

    private boolean changeAlone(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> branches) {
        return sql.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update " + g + " set status=?, update_time=?,"
                    + " finish_time=?, rollback_time=?, rollback_reason=?, result=?, owner=?, next_cron_time=?"
                    + " where gid=? and status=?")) {
                JdbcRows.bindStatusChange(ps, global, oldStatus);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            writeBranches(c, branches);
            return true;
        });
    }

    @Override
    public boolean updateBranches(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
        return sql.inTransaction(c -> {
            if (!lockGlobal(c, gid, globalStatus)) {
                return false;
            }
            writeBranches(c, branches);
            return true;
        });
    }

    @Override
    public int maxPayloadBytes() {
        return dialect == BarrierDialect.MYSQL ? 65_535 : Integer.MAX_VALUE;
    }

    @Override
    public boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime, long interval) {
        return schedule.touch(gid, status, owner, nextCronTime, interval);
    }

    @Override
    public boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner, Instant until,
            long interval, Instant now) {
        return schedule.lease(gid, status, expectedOwner, newOwner, until, interval, now);
    }

    @Override
    public Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner) {
        return schedule.leaseOne(dueBefore, leaseUntil, owner);
    }

    @Override
    public int resetCronTime(Instant later, Instant now, int limit) {
        return schedule.resetCronTime(later, now, limit);
    }

    @Override
    public ScanResult scan(ScanQuery q) {
        StringBuilder text = new StringBuilder("select * from " + g + " where id < ?");
        List<Object> args = new ArrayList<>();
        args.add(q.position() == null || q.position().isEmpty() ? Long.MAX_VALUE : Long.parseLong(q.position()));
        if (q.status() != null && !q.status().isEmpty()) {
            text.append(" and status=?");
            args.add(q.status());
        }
        if (q.transType() != null && !q.transType().isEmpty()) {
            text.append(" and trans_type=?");
            args.add(q.transType());
        }
        if (q.createTimeStart() != null) {
            text.append(" and create_time >= ?");
            args.add(JdbcRows.ts(q.createTimeStart()));
        }
        if (q.createTimeEnd() != null) {
            text.append(" and create_time <= ?");
            args.add(JdbcRows.ts(q.createTimeEnd()));
        }
        text.append(" order by id desc limit ").append(q.limit());
        List<GlobalTrans> rows = sql.query(text.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, JdbcRows::global);
        return new ScanResult(rows, rows.size() < q.limit() ? "" : Long.toString(rows.get(rows.size() - 1).id));
    }

    @Override
    public Optional<KvRecord> findKv(String cat, String key) {
        return kv.find(cat, key);
    }

    @Override
    public KvPage scanKv(String cat, String position, int limit) {
        return KvPage.byId(kv.scan(cat, position, limit), limit);
    }

    @Override
    public void createKv(String cat, String key, String value) {
        kv.create(cat, key, value);
    }

    @Override
    public boolean updateKv(String cat, String key, String value, long version) {
        return kv.update(cat, key, value, version);
    }

    @Override
    public boolean deleteKv(String cat, String key) {
        return kv.delete(cat, key);
    }

    /** @return changes committed in shared batches (a test hook) */
    long batched() {
        return batcher == null ? 0 : batcher.batched();
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        if (onClose != null) {
            onClose.run();
        }
    }

    private boolean lockGlobal(Connection c, String gid, TransStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from " + g + " where gid=? and status=?"
                + " for update")) {
            ps.setString(1, gid);
            ps.setString(2, status.wire());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void writeBranches(Connection c, List<BranchTrans> branches) throws SQLException {
        if (branches.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update " + b + " set status=?, finish_time=?,"
                + " rollback_time=?, update_time=? where gid=? and branch_id=? and op=?")) {
            for (BranchTrans branch : branches) {
                JdbcRows.bindBranchResult(ps, branch);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertBranches(Connection c, List<BranchTrans> branches) throws SQLException {
        if (branches.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + b + "(gid, url, bin_data, branch_id, op,"
                + " status, create_time, update_time) values(?,?,?,?,?,?,?,?)")) {
            for (BranchTrans br : branches) {
                JdbcRows.bindNewBranch(ps, br);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw SqlRunner.duplicateOr(e, "a branch of gid '" + branches.get(0).gid + "' exists");
        }
    }

}
