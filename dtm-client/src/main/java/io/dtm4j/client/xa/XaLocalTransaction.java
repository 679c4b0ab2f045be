package io.dtm4j.client.xa;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.TransType;
import io.dtm4j.client.barrier.BarrierDialect;
import io.dtm4j.client.barrier.BarrierSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participant side of an XA branch on MySQL/MariaDB or PostgreSQL: one call handles all three ops the branch
 * URL receives.
 *
 * <ul>
 *   <li>{@code op=action} (from the initiator's {@link io.dtm4j.client.Xa#callBranch}): starts an XA transaction
 *   on a connection of its own, records the XA barrier row, runs the work, registers the branch with the DTM server
 *   and XA-prepares ({@code XA END} + {@code XA PREPARE}, or {@code PREPARE TRANSACTION}). Any error rolls the
 *   local work back and is rethrown.</li>
 *   <li>{@code op=commit} / {@code op=rollback} (from the server, phase 2): {@code XA COMMIT/ROLLBACK} (or
 *   {@code COMMIT/ROLLBACK PREPARED}) of the branch's xid {@code <gid>-<branch_id>}; an xid the database does not
 *   know counts as done, so repeated calls are harmless.</li>
 * </ul>
 *
 * <pre>{@code
 * XaLocalTransaction xa = XaLocalTransaction.builder(dataSource, dtmClient).build();
 * // in the handler of POST /xa/transOut:
 * xa.execute(BranchContext.fromQuery(params), conn -> debit(conn, req));
 * }</pre>
 *
 * <p>The database needs XA enabled (PostgreSQL: {@code max_prepared_transactions > 0}) and the barrier table
 * ({@link BarrierSchema}). On MySQL/MariaDB a prepared XA branch stays attached to its session until the session
 * ends, so after {@code XA PREPARE} the connection is terminated with JDBC {@link Connection#abort} instead of
 * being returned to a pool; use a non-pooled {@code DataSource} or a pool that honours {@code abort}.
 * Thread-safe.
 */
public final class XaLocalTransaction {

    private static final Logger log = LoggerFactory.getLogger(XaLocalTransaction.class);

    private final DataSource dataSource;
    private final DtmClient client;
    private final String barrierTable;
    private final BarrierDialect dialect;

    private XaLocalTransaction(Builder b) {
        this.dataSource = b.dataSource;
        this.client = b.client;
        this.barrierTable = b.barrierTable;
        this.dialect = b.dialect;
    }

    /**
     * Starts a builder.
     *
     * @param dataSource the branch's database
     * @param client used to register the branch (with the server named by the request's {@code dtm}, if any)
     * @return the builder
     */
    public static Builder builder(DataSource dataSource, DtmClient client) {
        return new Builder(dataSource, client);
    }

    /**
     * Handles one call of the branch URL, by its op.
     *
     * @param ctx the branch context of the request; {@code trans_type} must be {@code xa}
     * @param work the local work, run for {@code op=action} only
     * @throws DtmException for a wrong context, database errors and registration errors (a
     *     {@link io.dtm4j.client.DtmFailureException} when the global transaction is no longer prepared)
     */
    public void execute(BranchContext ctx, XaWork work) {
        if (!TransType.XA.wireName().equals(ctx.transType())) {
            throw error(ctx, "is not an XA branch: trans_type is '" + ctx.transType() + "'",
                    "call it through DtmClient.xa(...) / Xa.callBranch", null);
        }
        String xid = xid(ctx);
        switch (ctx.op()) {
            case "commit" -> phase2(ctx, xid, true);
            case "rollback" -> phase2(ctx, xid, false);
            default -> {
                if (ctx.phase2Url() == null) {
                    throw error(ctx, "has no phase2_url", "the initiator's Xa.callBranch sends it; add it when"
                            + " calling by hand", null);
                }
                local(ctx, xid, Objects.requireNonNull(work, "work"), () -> register(ctx));
            }
        }
    }

    /**
     * Phase 1 of a local XA branch whose registration is the caller's (a workflow's {@code doXa}): on a connection
     * of its own, {@code XA START}, the barrier row, the work, then {@code registration}, then {@code XA END} and
     * {@code XA PREPARE}; any error rolls the local work back and is rethrown. The xid is
     * {@code <gid>-<branch_id>}.
     *
     * @param ctx the branch (its {@code trans_type} is kept in the barrier row)
     * @param work the local work
     * @param registration run after the work, before the prepare
     * @throws DtmException for database and registration errors
     */
    public void prepare(BranchContext ctx, XaWork work, Runnable registration) {
        local(ctx, xid(ctx), Objects.requireNonNull(work, "work"), Objects.requireNonNull(registration,
                "registration"));
    }

    /**
     * Phase 2 of a branch prepared by {@link #prepare(BranchContext, XaWork, Runnable)}: {@code XA COMMIT} or
     * {@code XA ROLLBACK}; an xid the database does not know counts as done.
     *
     * @param ctx the branch
     * @param commit commit, else roll back
     * @throws DtmException when the database fails
     */
    public void finish(BranchContext ctx, boolean commit) {
        phase2(ctx, xid(ctx), commit);
    }

    private void local(BranchContext ctx, String xid, XaWork work, Runnable registration) {
        Connection c;
        BarrierDialect d;
        boolean autoCommit;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw error(ctx, "could not get a connection: " + e.getMessage(), "check the database", e);
        }
        boolean clean = false;
        try {
            autoCommit = c.getAutoCommit();
            d = dialect(c);
            checkLength(ctx, xid, d);
            XaSql.begin(c, d, xid);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, true, e);
            throw e instanceof RuntimeException re ? re : error(ctx, "could not start XA transaction '" + xid
                    + "': " + e.getMessage(), "if this action was retried after an earlier attempt prepared, that"
                    + " attempt waits for phase 2; otherwise check the database", e);
        }
        try {
            d.insertIgnore(c, barrierTable, ctx.transType(), ctx.gid(), ctx.branchId(), "action", "01", "action");
            work.run(c);
            registration.run();
            XaSql.prepare(c, d, xid);
            log.debug("XA branch {} prepared", xid);
            // MySQL/MariaDB keep a prepared XA branch attached to its session until the session ends, and phase 2
            // comes on another connection: this one must end (below) rather than go back to a pool.
            clean = d != BarrierDialect.MYSQL && restoreAutoCommit(c, autoCommit, null);
        } catch (Exception | Error e) {
            boolean rolledBack = rollbackQuietly(c, d, xid, e);
            clean = rolledBack && restoreAutoCommit(c, autoCommit, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw rethrow(ctx, e, rolledBack);
        } finally {
            closeQuietly(c, !clean, null);
        }
    }

    private void phase2(BranchContext ctx, String xid, boolean commit) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                BarrierDialect d = dialect(c);
                checkLength(ctx, xid, d);
                boolean known = XaSql.finish(c, d, xid, commit);
                log.debug("XA branch {} {} ({})", xid, commit ? "committed" : "rolled back",
                        known ? "done now" : "xid unknown: done before");
                if (!commit) {
                    d.insertIgnore(c, barrierTable, ctx.transType(), ctx.gid(), ctx.branchId(), "action", "01",
                            "rollback");
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw error(ctx, (commit ? "XA commit" : "XA rollback") + " of xid '" + xid + "' failed: "
                    + e.getMessage(), "the server retries phase 2; check the database", e);
        }
    }

    private void register(BranchContext ctx) {
        Map<String, String> branch = new LinkedHashMap<>();
        branch.put(BranchContext.GID, ctx.gid());
        branch.put(BranchContext.BRANCH_ID, ctx.branchId());
        branch.put(BranchContext.TRANS_TYPE, ctx.transType());
        branch.put("url", ctx.phase2Url());
        client.forServer(ctx.dtm()).registerBranch(branch);
    }

    private BarrierDialect dialect(Connection c) throws SQLException {
        BarrierDialect d = dialect != null ? dialect : BarrierDialect.detect(c);
        if (d == BarrierDialect.H2) {
            throw new IllegalArgumentException("XA branches need MySQL/MariaDB or PostgreSQL, not H2 at "
                    + c.getMetaData().getURL() + " (use a saga or TCC branch on H2)");
        }
        return d;
    }

    /** Rolls the open XA transaction back; {@code false} (the error kept as suppressed) when that failed. */
    private static boolean rollbackQuietly(Connection c, BarrierDialect d, String xid, Throwable cause) {
        try {
            XaSql.rollbackOpen(c, d, xid);
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    private static boolean restoreAutoCommit(Connection c, boolean autoCommit, Throwable cause) {
        try {
            c.setAutoCommit(autoCommit);
            return true;
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            return false;
        }
    }

    /** Closes the connection; a connection left in an unknown XA state is aborted so no pool reuses it. */
    private static void closeQuietly(Connection c, boolean discard, Throwable cause) {
        try {
            if (discard) {
                c.abort(Runnable::run);
            } else {
                c.close();
            }
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    private static RuntimeException rethrow(BranchContext ctx, Throwable e, boolean rolledBack) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return error(ctx, "failed: " + e, rolledBack ? "see the cause; the branch was rolled back"
                : "see the cause; the rollback failed too, so the connection was discarded and the database"
                + " rolls the branch back", e);
    }

    private static String xid(BranchContext ctx) {
        String xid = ctx.gid() + "-" + ctx.branchId();
        if (xid.contains("'") || xid.contains("\\")) {
            throw error(ctx, "cannot be an XA branch: its xid '" + xid + "' contains a quote or backslash",
                    "use gids of letters, digits, '-' and '_'", null);
        }
        return xid;
    }

    /** MySQL/MariaDB take xids of up to 64 bytes, PostgreSQL transaction identifiers up to 199. */
    private static void checkLength(BranchContext ctx, String xid, BarrierDialect d) {
        int max = d == BarrierDialect.POSTGRES ? 199 : 64;
        if (xid.getBytes(StandardCharsets.UTF_8).length > max) {
            throw error(ctx, "cannot be an XA branch: its xid '" + xid + "' is longer than " + max + " bytes",
                    "use shorter gids", null);
        }
    }

    private static DtmException error(BranchContext ctx, String what, String remedy, Throwable cause) {
        return new DtmException("XA branch [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                + ctx.op() + "'] " + what + " (" + remedy + ")", cause, DtmException.NO_STATUS, null, ctx.gid(),
                ctx.branchId(), ctx.op());
    }

    /**
     * Builds {@link XaLocalTransaction}. Not thread-safe.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private final DtmClient client;
        private String barrierTable = BarrierSchema.DEFAULT_TABLE;
        private BarrierDialect dialect;

        private Builder(DataSource dataSource, DtmClient client) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Sets the barrier table (default {@code dtm_barrier.barrier}).
         *
         * @param table {@code schema.table}
         * @return this builder
         */
        public Builder barrierTable(String table) {
            BarrierSchema.ddl(BarrierDialect.MYSQL, table);
            this.barrierTable = table;
            return this;
        }

        /**
         * Fixes the dialect instead of detecting it from the connection.
         *
         * @param dialect {@link BarrierDialect#MYSQL} or {@link BarrierDialect#POSTGRES}
         * @return this builder
         */
        public Builder dialect(BarrierDialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /**
         * Builds the participant.
         *
         * @return the participant
         */
        public XaLocalTransaction build() {
            return new XaLocalTransaction(this);
        }
    }
}
