package io.dtm4j.spring.internal;

import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmConfigurationException;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.autoconfigure.BarrierSchemaInitialization;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Once every bean exists, checks what {@code @DtmMsg} and {@code @DtmBarrier} methods will need: their DataSource
 * and transaction manager resolve, and the barrier table exists in that DataSource. A wrong name or a missing
 * table stops the start; a database that cannot be reached only logs a warning (it may come up later).
 */
public final class StartupChecks implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

    private final ListableBeanFactory beans;
    private final JdbcBarrier barrier;
    private final ObjectProvider<DtmAnnotationAdvisor> annotations;
    private final ObjectProvider<BarrierAdvisor> barrierAdvisor;
    private final Barriers barriers;
    private final BarrierSchemaInitialization initialization;
    private final Set<DataSource> guarded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Creates the checks.
     *
     * @param beans the bean factory
     * @param barrier the barrier (its table)
     * @param annotations the annotation advisor, if any
     * @param barriers the barrier advisor, if any
     * @param initialization when the barrier table is created if missing
     */
    public StartupChecks(ListableBeanFactory beans, JdbcBarrier barrier,
            ObjectProvider<DtmAnnotationAdvisor> annotations, ObjectProvider<BarrierAdvisor> barriers,
            BarrierSchemaInitialization initialization) {
        this.initialization = initialization;
        this.beans = beans;
        this.barrier = barrier;
        this.annotations = annotations;
        this.barrierAdvisor = barriers;
        this.barriers = Barriers.of(beans);
    }

    /**
     * The DataSources that {@code @DtmBarrier} and {@code @DtmMsg} methods use, as found at start.
     *
     * @return each once
     */
    public List<DataSource> guardedDataSources() {
        return List.copyOf(guarded);
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<DataSource> checked = guarded;
        annotations.ifAvailable(advisor -> advisor.definitions().stream()
                .filter(d -> d.kind() == DtmDefinition.Kind.MSG)
                .forEach(d -> check("@DtmMsg on " + d.method(), d.dataSource(), d.transactionManager(), checked)));
        barrierAdvisor.ifAvailable(advisor -> {
            for (Method m : advisor.methods()) {
                DtmBarrier a = AnnotatedElementUtils.findMergedAnnotation(m, DtmBarrier.class);
                check("@DtmBarrier on " + m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()",
                        a == null ? "" : a.dataSource(), a == null ? "" : a.transactionManager(), checked);
            }
        });
    }

    private void check(String where, String dataSource, String manager, Set<DataSource> checked) {
        DataSource ds = Beans.one(beans, DataSource.class, dataSource, where, "dataSource");
        barriers.managerFor(ds, manager, where);
        if (!checked.add(ds)) {
            return;
        }
        initialize(where, ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("select id from " + barrier.table() + " where 1 = 0").close();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42S02") || state.equals("42P01") || state.equals("42102") || state.equals("90079")
                    || state.equals("3F000")) {
                throw new DtmConfigurationException(where + " needs the barrier table '" + barrier.table()
                        + "', which does not exist in its DataSource: " + e.getMessage() + " (create it with"
                        + " BarrierSchema.create(dataSource, \"" + barrier.table() + "\") or DTM's"
                        + " sqls/dtmcli.barrier.*.sql, or point dtm.barrier.table at yours)", e);
            }
            log.warn("{}: could not check the barrier table '{}' at start: {}", where, barrier.table(),
                    e.getMessage());
        }
    }

    /** Creates the barrier table when {@code dtm.barrier.initialize-schema} says so for this DataSource. */
    private void initialize(String where, DataSource ds) {
        if (initialization == BarrierSchemaInitialization.NEVER) {
            return;
        }
        try {
            if (initialization == BarrierSchemaInitialization.EMBEDDED && !inMemory(ds)) {
                return;
            }
            BarrierSchema.create(ds, barrier.table());
            log.debug("{}: barrier table '{}' created if it was missing (dtm.barrier.initialize-schema={})", where,
                    barrier.table(), initialization.name().toLowerCase(java.util.Locale.ROOT));
        } catch (SQLException e) {
            throw new DtmConfigurationException(where + ": cannot create the barrier table '" + barrier.table()
                    + "' (dtm.barrier.initialize-schema=" + initialization.name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + e.getMessage() + " (give the DataSource's user the right to create it, create it"
                    + " with your migrations and set dtm.barrier.initialize-schema=never)", e);
        }
    }

    private static boolean inMemory(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            String url = String.valueOf(c.getMetaData().getURL());
            return url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:hsqldb:mem:")
                    || url.startsWith("jdbc:derby:memory:");
        }
    }
}
