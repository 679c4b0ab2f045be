package io.dtm4j.server.internal.store;

import io.dtm4j.client.barrier.BarrierDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the SQL store: the two writes every transaction makes (its creation, its status changes) from
 * concurrent requests are executed together, as JDBC batches in one database transaction with one commit, by a
 * few writer threads, each with a connection of its own kept out of autocommit. Within a batch the rows are
 * written in gid order, so two batches lock shared rows in the same order and cannot deadlock each other. The
 * caller waits for the commit, so nothing is acknowledged before it is durable. No statement of a batch can fail
 * on a conflict (a duplicate gid is skipped by the insert and detected per row; a status change is a conditional
 * update whose count says whether it applied), and should the batch fail anyway (a deadlock with another kind of
 * write, a lost connection), each change is run again alone through {@code fallback}, so one bad change never
 * fails another's.
 */
final class JdbcBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcBatcher.class);
    private static final int MAX_BATCH = 200;
    private static final int WRITERS = 4;

    /** A change and whoever waits for it. */
    sealed interface Change permits Create, Status {
    }

    /** A creation; completes {@code true} when created, {@code false} when the gid existed. */
    record Create(GlobalTrans global, List<BranchTrans> branches, CompletableFuture<Boolean> done)
            implements Change {
    }

    /** A status change; completes {@code true} when it applied. */
    record Status(GlobalTrans global, TransStatus old, List<BranchTrans> branches, CompletableFuture<Boolean> done)
            implements Change {
    }

    /** Runs one change alone, the store's ordinary way. */
    interface Fallback {
        boolean run(Change change);
    }

    private final DataSource dataSource;
    private final String g;
    private final String b;
    private final boolean postgres;
    private final Fallback fallback;
    private final BlockingQueue<Change> queue = new ArrayBlockingQueue<>(8192);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    /** Each writer's own connection. */
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicLong batched = new java.util.concurrent.atomic.AtomicLong();

    JdbcBatcher(DataSource dataSource, BarrierDialect dialect, String schema, Fallback fallback) {
        this.dataSource = dataSource;
        this.g = schema + ".trans_global";
        this.b = schema + ".trans_branch_op";
        this.postgres = dialect == BarrierDialect.POSTGRES;
        this.fallback = fallback;
        for (int i = 0; i < WRITERS; i++) {
            Thread writer = new Thread(this::loop, "dtm-sql-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Queues a change and waits until it is committed; answers what the change answers. */
    boolean run(Change change) {
        CompletableFuture<Boolean> done = future(change);
        if (!running || !queue.offer(change)) {
            return fallback.run(change);
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.FAILED, "interrupted while the change was committed"
                    + " (it may or may not have been stored; query the gid)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(StoreException.Kind.FAILED, e.getCause().toString(), e.getCause());
        }
    }

    private void loop() {
        try {
            drain();
        } finally {
            dropConnection();
        }
    }

    private void drain() {
        List<Change> batch = new ArrayList<>();
        while (running) {
            try {
                Change first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                execute(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("the SQL writer failed; its changes are run one by one", e);
                alone(batch);
            } finally {
                batch.clear();
            }
        }
    }

    private void execute(List<Change> batch) {
        List<Create> creates = new ArrayList<>();
        List<Status> changes = new ArrayList<>();
        for (Change c : batch) {
            if (c instanceof Create create) {
                creates.add(create);
            } else {
                changes.add((Status) c);
            }
        }
        creates.sort(java.util.Comparator.comparing(c -> c.global().gid));
        changes.sort(java.util.Comparator.comparing(c -> c.global().gid));
        boolean[] created = new boolean[creates.size()];
        boolean[] changed = new boolean[changes.size()];
        try {
            Connection c = connection();
            try {
                insertGlobals(c, creates, created);
                insertBranches(c, creates, created);
                updateGlobals(c, changes, changed);
                updateBranches(c, changes, changed);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                dropConnection();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("a batch of {} changes failed ({}); they are run one by one", batch.size(), e.toString());
            alone(batch);
            return;
        }
        if (batch.size() > 1) {
            batched.addAndGet(batch.size());
        }
        for (int i = 0; i < creates.size(); i++) {
            creates.get(i).done().complete(created[i]);
        }
        for (int i = 0; i < changes.size(); i++) {
            changes.get(i).done().complete(changed[i]);
        }
    }

    private void alone(List<Change> batch) {
        for (Change c : batch) {
            CompletableFuture<Boolean> done = future(c);
            if (done.isDone()) {
                continue;
            }
            try {
                done.complete(fallback.run(c));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** The writer's own connection, kept out of autocommit between batches (no round trips to switch it). */
    private Connection connection() throws SQLException {
        Connection c = connection.get();
        if (c == null) {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            connection.set(c);
        }
        return c;
    }

    /** After a failure: rolled back and returned, a fresh one is taken for the next batch. */
    private void dropConnection() {
        Connection c = connection.get();
        if (c == null) {
            return;
        }
        connection.remove();
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback after a failed batch", e);
        }
        try {
            c.setAutoCommit(true);
            c.close();
        } catch (SQLException e) {
            log.debug("closing the writer's connection", e);
        }
    }

    private static CompletableFuture<Boolean> future(Change c) {
        return c instanceof Create create ? create.done() : ((Status) c).done();
    }

    private void insertGlobals(Connection c, List<Create> creates, boolean[] created) throws SQLException {
        if (creates.isEmpty()) {
            return;
        }
        String columns = "(gid, trans_type, status, query_prepared, protocol, create_time, update_time, options,"
                + " custom_data, next_cron_interval, next_cron_time, owner, ext_data, result, rollback_reason)"
                + " values(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        String sql = postgres ? "insert into " + g + columns + " on conflict (gid) do nothing"
                : "insert ignore into " + g + columns;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Create create : creates) {
                JdbcRows.bindNewGlobal(ps, create.global());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new SQLException("the driver did not report which rows were inserted");
                }
                created[i] = counts[i] == 1;
            }
        }
    }

    private void insertBranches(Connection c, List<Create> creates, boolean[] created) throws SQLException {
        String sql = (postgres ? "insert into " : "insert ignore into ") + b + "(gid, url, bin_data, branch_id, op,"
                + " status, create_time, update_time) values(?,?,?,?,?,?,?,?)"
                + (postgres ? " on conflict (gid, branch_id, op) do nothing" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int rows = 0;
            for (int i = 0; i < creates.size(); i++) {
                if (created[i]) {
                    for (BranchTrans br : creates.get(i).branches()) {
                        JdbcRows.bindNewBranch(ps, br);
                        ps.addBatch();
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                ps.executeBatch();
            }
        }
    }

    private void updateGlobals(Connection c, List<Status> changes, boolean[] changed) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update " + g + " set status=?, update_time=?,"
                + " finish_time=?, rollback_time=?, rollback_reason=?, result=?, owner=?, next_cron_time=?"
                + " where gid=? and status=?")) {
            for (Status s : changes) {
                JdbcRows.bindStatusChange(ps, s.global(), s.old());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new SQLException("the driver did not report which rows were updated");
                }
                changed[i] = counts[i] == 1;
            }
        }
    }

    private void updateBranches(Connection c, List<Status> changes, boolean[] changed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + b + " set status=?, finish_time=?,"
                + " rollback_time=?, update_time=? where gid=? and branch_id=? and op=?")) {
            int rows = 0;
            for (int i = 0; i < changes.size(); i++) {
                if (changed[i]) {
                    for (BranchTrans br : changes.get(i).branches()) {
                        JdbcRows.bindBranchResult(ps, br);
                        ps.addBatch();
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                ps.executeBatch();
            }
        }
    }

    /** @return how many changes were committed in batches of two or more (a test hook) */
    long batched() {
        return batched.get();
    }

    @Override
    public void close() {
        running = false;
        writers.forEach(Thread::interrupt);
        try {
            for (Thread writer : writers) {
                writer.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Change> left = new ArrayList<>();
        queue.drainTo(left);
        alone(left);
    }
}
