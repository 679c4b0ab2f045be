package io.dtm4j.client.xa;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.TransType;
import io.dtm4j.client.barrier.BarrierDialect;
import io.dtm4j.client.barrier.BarrierSchema;
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
 * ({@link BarrierSchema}). Thread-safe.
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
            default -> local(ctx, xid, Objects.requireNonNull(work, "work"));
        }
    }

    private void local(BranchContext ctx, String xid, XaWork work) {
        if (ctx.phase2Url() == null) {
            throw error(ctx, "has no phase2_url", "the initiator's Xa.callBranch sends it; add it when calling by"
                    + " hand", null);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            BarrierDialect d = dialect(c);
            XaSql.begin(c, d, xid);
            try {
                d.insertIgnore(c, barrierTable, ctx.transType(), ctx.gid(), ctx.branchId(), "action", "01",
                        "action");
                work.run(c);
                register(ctx);
                XaSql.prepare(c, d, xid);
                log.debug("XA branch {} prepared", xid);
            } catch (Exception | Error e) {
                rollbackQuietly(c, d, xid, e);
                throw rethrow(ctx, e);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw error(ctx, "failed in the database: " + e.getMessage(), "check the database log; the branch was"
                    + " rolled back", e);
        }
    }

    private void phase2(BranchContext ctx, String xid, boolean commit) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                BarrierDialect d = dialect(c);
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

    private static void rollbackQuietly(Connection c, BarrierDialect d, String xid, Throwable cause) {
        try {
            XaSql.rollbackOpen(c, d, xid);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static RuntimeException rethrow(BranchContext ctx, Throwable e) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return error(ctx, "failed: " + e, "see the cause; the branch was rolled back", e);
    }

    private static String xid(BranchContext ctx) {
        String xid = ctx.gid() + "-" + ctx.branchId();
        if (xid.contains("'") || xid.contains("\\") || xid.length() > 64) {
            throw error(ctx, "cannot be an XA branch: its xid '" + xid + "' contains a quote or backslash or is"
                    + " longer than 64 characters", "use gids of letters, digits, '-' and '_'", null);
        }
        return xid;
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
