package io.dtm4j.client.barrier;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The subtransaction barrier on a JDBC database: settings shared by every branch (table, dialect), the
 * per-request {@link BranchBarrier}, the 2-phase message back-check, and cleanup of old rows. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * JdbcBarrier barrier = JdbcBarrier.builder().table("dtm_barrier.barrier").build();
 * // in a branch handler:
 * barrier.forBranch(BranchContext.fromQuery(params)).call(dataSource, conn -> debit(conn, req));
 * // in the query-prepared handler of a 2-phase message:
 * DtmResult committed = barrier.queryPrepared(dataSource, gid);
 * }</pre>
 *
 * <p>The table must exist ({@link BarrierSchema#create(DataSource, String)}). The dialect is detected from the
 * first connection unless set, so use one {@code JdbcBarrier} per database.
 */
public final class JdbcBarrier {

    private final String table;
    private final BarrierDialect dialect;
    private final boolean logDecisions;
    /** The dialect of the first connection seen, when none was set: a barrier serves one database. */
    private volatile BarrierDialect detected;

    private JdbcBarrier(Builder b) {
        this.table = b.table;
        this.dialect = b.dialect;
        this.logDecisions = b.logDecisions;
    }

    /**
     * A builder with this barrier's settings (table, dialect, logging), for another barrier of the same kind on
     * another database: the dialect detected from connections is not copied.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        return new Builder().table(table).dialect(dialect).logDecisions(logDecisions);
    }

    /**
     * Whether skipped calls are reported on {@link BarrierOutcome#DECISIONS_LOGGER}.
     *
     * @return {@code true} unless the builder said otherwise
     */
    public boolean logsDecisions() {
        return logDecisions;
    }

    /**
     * A barrier on {@code dtm_barrier.barrier} that detects its dialect from the first connection it sees.
     *
     * @return a new instance; keep one per database
     */
    public static JdbcBarrier defaults() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The barrier table.
     *
     * @return {@code schema.table}
     */
    public String table() {
        return table;
    }

    /**
     * The barrier of one branch request. Create one per request: its barrier ids ({@code 01}, {@code 02}...)
     * count the guarded calls made through it.
     *
     * @param ctx the request's branch context
     * @return the branch barrier
     */
    public BranchBarrier forBranch(BranchContext ctx) {
        return new BranchBarrier(this, ctx);
    }

    /**
     * Answers a 2-phase message's back-check: whether its local transaction (run under the message's barrier)
     * committed. Inserts the "rollback" marker row if the local transaction has not written its own, so a local
     * transaction still in flight can no longer commit (it gets {@link io.dtm4j.client.DtmDuplicatedException}).
     *
     * @param dataSource the database of the local transaction
     * @param gid the message's gid
     * @return {@link DtmResult#SUCCESS} when the local transaction committed, {@link DtmResult#FAILURE} when it
     *     did not and now never will
     * @throws DtmException when the database fails (DTM retries the back-check)
     */
    public DtmResult queryPrepared(DataSource dataSource, String gid) {
        try (Connection c = dataSource.getConnection()) {
            BarrierDialect d = dialect(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                insert(c, d, new BarrierRow("msg", gid, "00", "msg", "01", "rollback"));
                try (PreparedStatement ps = c.prepareStatement("select reason from " + table
                        + " where gid=? and branch_id='00' and op='msg' and barrier_id='01'")) {
                    ps.setString(1, gid);
                    try (ResultSet rs = ps.executeQuery()) {
                        String reason = rs.next() ? rs.getString(1) : "";
                        return "rollback".equals(reason) ? DtmResult.FAILURE : DtmResult.SUCCESS;
                    }
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw sqlError(e, "msg back-check of gid '" + gid + "'", gid, "00", "msg");
        }
    }

    /**
     * Deletes barrier rows older than a given age, in batches of at most {@code batchSize} rows, each batch its
     * own short transaction, so the table does not grow forever. Ages are measured by the database clock.
     * Keep rows at least as long as a branch can still be retried (the transaction's timeout plus its retries).
     *
     * @param dataSource the database
     * @param olderThan minimum age of the deleted rows
     * @param batchSize rows per batch, at least 1
     * @return how many rows were deleted
     */
    public long deleteOlderThan(DataSource dataSource, Duration olderThan, int batchSize) {
        if (batchSize < 1 || olderThan == null || olderThan.isNegative()) {
            throw new IllegalArgumentException("deleteOlderThan needs a non-negative age and a batch size >= 1, got "
                    + olderThan + " and " + batchSize);
        }
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(BarrierSql.deleteOlderThan(dialect(c), table))) {
                ps.setLong(1, olderThan.toSeconds());
                ps.setInt(2, batchSize);
                int deleted;
                do {
                    deleted = ps.executeUpdate();
                    total += deleted;
                } while (deleted == batchSize);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw sqlError(e, "barrier cleanup", null, null, null);
        }
        return total;
    }

    /**
     * The dialect this barrier uses on a connection: the one set on the builder, else the one detected from the
     * first connection seen.
     *
     * @param c an open connection to the barrier's database
     * @return the dialect
     * @throws SQLException when the metadata cannot be read
     */
    public BarrierDialect dialect(Connection c) throws SQLException {
        BarrierDialect known = dialect != null ? dialect : detected;
        if (known == null) {
            known = BarrierDialect.detect(c);
            detected = known;
        }
        return known;
    }

    /** Inserts one row (trans_type, gid, branch_id, op, barrier_id, reason); a missing table names itself. */
    int insert(Connection c, BarrierDialect d, BarrierRow row) throws SQLException {
        try {
            return d.insertIgnore(c, table, row.transType(), row.gid(), row.branchId(), row.op(), row.barrierId(),
                    row.reason());
        } catch (SQLException e) {
            if (BarrierSql.isMissingTable(e)) {
                throw new DtmException("barrier table '" + table + "' does not exist in " + url(c) + " ("
                        + e.getMessage() + ") [gid='" + row.gid() + "', branch_id='" + row.branchId() + "', op='"
                        + row.reason() + "'] (create it with BarrierSchema.create(dataSource, \"" + table + "\") or"
                        + " run dtm-client's io/dtm4j/client/barrier/" + d.name().toLowerCase(Locale.ROOT) + ".sql)", e,
                        DtmException.NO_STATUS, null, row.gid(), row.branchId(), row.reason());
            }
            throw e;
        }
    }

    private static String url(Connection c) {
        try {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            return "(JDBC URL unavailable)";
        }
    }

    DtmException sqlError(SQLException e, String what, String gid, String branchId, String op) {
        String id = "[gid='" + gid + "', branch_id='" + branchId + "', op='" + op + "']";
        if (e instanceof BranchBarrier.BusinessSqlException) {
            return new DtmException("the business work of the " + what + " failed in the database: " + e.getMessage()
                    + " " + id + " (DTM retries the branch; check the work's SQL and its database)", e.getCause(),
                    DtmException.NO_STATUS, null, gid, branchId, op);
        }
        if (BarrierSql.isMissingTable(e)) {
            return new DtmException("barrier table '" + table + "' does not exist (" + e.getMessage() + ") during "
                    + what + " " + id + " (create it with BarrierSchema.create(dataSource, \"" + table + "\"))", e,
                    DtmException.NO_STATUS, null, gid, branchId, op);
        }
        return new DtmException(what + " failed in the database: " + e.getMessage() + " " + id
                + " (DTM retries the branch; check the database)", e, DtmException.NO_STATUS, null, gid, branchId,
                op);
    }

    /**
     * Builds {@link JdbcBarrier}. Not thread-safe.
     */
    public static final class Builder {

        private String table = BarrierSchema.DEFAULT_TABLE;
        private BarrierDialect dialect;
        private boolean logDecisions = true;

        private Builder() {
        }

        /**
         * Whether each skipped call (duplicate, hanging, null compensation) is logged at INFO on
         * {@link BarrierOutcome#DECISIONS_LOGGER} (default {@code true}).
         *
         * @param logDecisions {@code false} to stay quiet
         * @return this builder
         */
        public Builder logDecisions(boolean logDecisions) {
            this.logDecisions = logDecisions;
            return this;
        }

        /**
         * Sets the barrier table (default {@code dtm_barrier.barrier}).
         *
         * @param table {@code schema.table} of plain identifiers
         * @return this builder
         */
        public Builder table(String table) {
            BarrierSchema.ddl(BarrierDialect.MYSQL, table);
            this.table = table;
            return this;
        }

        /**
         * Fixes the dialect instead of detecting it from each connection.
         *
         * @param dialect the dialect, or {@code null} to detect
         * @return this builder
         */
        public Builder dialect(BarrierDialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /**
         * Builds the barrier.
         *
         * @return the barrier
         */
        public JdbcBarrier build() {
            return new JdbcBarrier(this);
        }
    }
}
