package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.BarrierRows;
import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmBarrierRowsProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * One {@link JdbcBarrier} per DataSource (a barrier keeps the SQL dialect of the database it first sees), all on
 * the configured table; and the transaction manager that manages a given DataSource.
 */
public final class Barriers {

    private final ListableBeanFactory beans;
    private final Map<DataSource, JdbcBarrier> barriers = new ConcurrentHashMap<>();
    private final Map<DataSource, Optional<BarrierRows>> rows = new ConcurrentHashMap<>();

    public Barriers(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * The application's one instance (the {@code dtmBarriers} bean of the barrier auto-configuration), so every
     * part of the starter shares its per-DataSource barriers and caches; a new one when that bean is absent.
     */
    public static Barriers of(ListableBeanFactory beans) {
        return beans.getBeanProvider(Barriers.class).getIfAvailable(() -> new Barriers(beans));
    }

    /**
     * The barrier for a DataSource, with the settings of the application's {@code JdbcBarrier} bean (table, dialect,
     * decision logging) and a dialect detected for that DataSource unless the bean fixes one.
     */
    public JdbcBarrier forDataSource(DataSource dataSource) {
        return barriers.computeIfAbsent(dataSource, ds -> beans.getBeanProvider(JdbcBarrier.class)
                .getIfAvailable(JdbcBarrier::defaults).newBuilder().build());
    }

    /** The rows writer of the first provider that has one for this DataSource, or null for plain JDBC. */
    BarrierRows rowsFor(DataSource dataSource) {
        return rows.computeIfAbsent(dataSource, ds -> beans.getBeanProvider(DtmBarrierRowsProvider.class)
                .orderedStream().map(p -> p.rowsFor(ds, forDataSource(ds))).filter(Objects::nonNull).findFirst())
                .orElse(null);
    }

    /**
     * Runs a branch's barrier on a DataSource inside the current Spring transaction: the rows go through the
     * provider's writer, or plain JDBC on the transaction's connection. A connection in auto-commit mode means the
     * transaction in progress does not hold this DataSource (its manager manages another one), so the rows would
     * commit apart from the work: refused.
     */
    BarrierOutcome callInTransaction(DataSource dataSource, BranchBarrier branch, Callable<?> work, String where) {
        BarrierRows rows = rowsFor(dataSource);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (connection.getAutoCommit()) {
                BranchContext ctx = branch.context();
                throw new DtmException(where + " [gid='" + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='"
                        + ctx.op() + "']: its DataSource's connection is in auto-commit mode inside the transaction,"
                        + " so the transaction manager in use does not manage that DataSource and the barrier rows"
                        + " would commit apart from the work (name the DataSource's own manager with"
                        + " transactionManager = \"...\")", null, DtmException.NO_STATUS, null, ctx.gid(),
                        ctx.branchId(), ctx.op());
            }
            return rows != null ? branch.call(rows, work) : branch.call(connection, c -> work.call());
        } catch (SQLException e) {
            throw new DtmException(where + ": the DataSource's connection failed: " + e.getMessage() + " (DTM"
                    + " retries the branch; check the database)", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The transaction manager named, else the one whose resource is this DataSource, else the only one.
     */
    public PlatformTransactionManager managerFor(DataSource dataSource, String name, String where) {
        if (name.isEmpty()) {
            ResourceTransactionManager found = null;
            for (ResourceTransactionManager tm : beans.getBeansOfType(ResourceTransactionManager.class).values()) {
                if (tm.getResourceFactory() == dataSource) {
                    if (found != null) {
                        found = null;
                        break;
                    }
                    found = tm;
                }
            }
            if (found != null) {
                return found;
            }
        }
        return Beans.one(beans, PlatformTransactionManager.class, name, where, "transactionManager");
    }
}
