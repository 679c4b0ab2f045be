package io.dtm4j.server.internal.store;

import io.dtm4j.client.barrier.BarrierDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /** At most this many writers, each holding one connection of the pool. */
    static final int MAX_WRITERS = 4;

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

    /** Reads a transaction row (through the pool, not a writer's connection). */
    interface Reader {
        Optional<GlobalTrans> find(String gid);
    }

    private final DataSource dataSource;
    private final JdbcBatchStatements statements;
    private final Fallback fallback;
    private final Reader reader;
    private final BlockingQueue<Change> queue = new ArrayBlockingQueue<>(8192);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    /** Each writer's own connection. */
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicLong batched = new java.util.concurrent.atomic.AtomicLong();

    JdbcBatcher(DataSource dataSource, BarrierDialect dialect, String schema, Fallback fallback, Reader reader,
            int writerCount) {
        this.dataSource = dataSource;
        this.reader = reader;
        this.statements = new JdbcBatchStatements(schema, dialect == BarrierDialect.POSTGRES);
        this.fallback = fallback;
        for (int i = 0; i < writerCount; i++) {
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
        if (!running && queue.remove(change)) {
            // Closed meanwhile: the writers may be gone, so it is not left in the queue.
            return fallback.run(change);
        }
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StoreException(StoreException.Kind.FAILED, "gid '" + (change instanceof Create c
                    ? c.global().gid : ((Status) change).global().gid) + "': the database did not commit the change"
                    + " within 60 s (it may or may not be stored; query the gid, and check the database)", e);
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
                dropConnection();
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
        // Creations and status changes commit separately: a duplicate insert's row lock taken before the updates
        // could otherwise order two batches' locks against each other.
        if (!creates.isEmpty()) {
            boolean[] created = new boolean[creates.size()];
            if (commit(new ArrayList<>(creates), c -> {
                statements.insertGlobals(c, creates, created);
                statements.insertBranches(c, creates, created);
            })) {
                for (int i = 0; i < creates.size(); i++) {
                    creates.get(i).done().complete(created[i]);
                }
            }
        }
        if (!changes.isEmpty()) {
            boolean[] changed = new boolean[changes.size()];
            if (commit(new ArrayList<>(changes), c -> {
                statements.updateGlobals(c, changes, changed);
                statements.updateBranches(c, changes, changed);
            })) {
                for (int i = 0; i < changes.size(); i++) {
                    changes.get(i).done().complete(changed[i]);
                }
            }
        }
    }

    /** Statements of one batch on the writer's connection. */
    private interface Statements {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs one batch's statements and commits; {@code false} when it failed, after its changes were answered
     * another way: run alone when the statements failed (nothing was committed), or read back when the commit
     * itself failed (it may have been applied).
     */
    private boolean commit(List<Change> batch, Statements work) {
        Connection c;
        try {
            c = connection();
            work.run(c);
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            log.debug("a batch of {} changes failed ({}); they are run one by one", batch.size(), e.toString());
            alone(batch);
            return false;
        }
        try {
            c.commit();
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            log.info("the commit of a batch of {} changes failed ({}); each is read back to learn its outcome",
                    batch.size(), e.toString());
            batch.forEach(this::resolve);
            return false;
        }
        if (batch.size() > 1) {
            batched.addAndGet(batch.size());
        }
        return true;
    }

    /**
     * After a commit whose outcome is unknown: a change whose row carries its own owner token (fresh for each
     * creation and lease) and new status was applied; any other is run alone.
     */
    private void resolve(Change change) {
        GlobalTrans mine = change instanceof Create create ? create.global() : ((Status) change).global();
        try {
            Optional<GlobalTrans> row = reader.find(mine.gid);
            if (row.isPresent() && row.get().owner.equals(mine.owner) && row.get().status == mine.status) {
                future(change).complete(true);
                return;
            }
        } catch (RuntimeException e) {
            future(change).completeExceptionally(e);
            return;
        }
        alone(List.of(change));
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
        // An offer that raced the first drain.
        left.clear();
        queue.drainTo(left);
        alone(left);
    }
}
