package io.dtm4j.spring.autoconfigure;

import java.time.Duration;
import org.springframework.core.Ordered;

/**
 * The barrier settings ({@code dtm.barrier.*}).
 */
public class DtmBarrierProperties {

    /** Whether @DtmBarrier methods are woven (needs Spring JDBC and Spring transactions). */
    private boolean enabled = true;

    /** The barrier table, schema-qualified: the official layout's dtm_barrier.barrier by default. */
    private String table = "dtm_barrier.barrier";

    /** Order of the barrier advisor. */
    private int order = Ordered.LOWEST_PRECEDENCE;

    /** Whether each call the barrier skips (duplicate, hanging, null compensation) is logged at INFO. */
    private boolean logDecisions = true;

    /** The periodic deletion of old barrier rows. */
    private final Cleanup cleanup = new Cleanup();

    /**
     * The periodic deletion of old barrier rows.
     *
     * @return the settings
     */
    public Cleanup getCleanup() {
        return cleanup;
    }

    /**
     * Whether each call the barrier skips is logged at INFO on the {@code io.dtm4j.barrier} logger.
     *
     * @return the value
     */
    public boolean isLogDecisions() {
        return logDecisions;
    }

    /**
     * Whether each call the barrier skips is logged at INFO on the {@code io.dtm4j.barrier} logger.
     *
     * @param logDecisions the value
     */
    public void setLogDecisions(boolean logDecisions) {
        this.logDecisions = logDecisions;
    }

    /** When the starter creates a missing barrier table: embedded (in-memory databases only), always, never. */
    private BarrierSchemaInitialization initializeSchema = BarrierSchemaInitialization.EMBEDDED;

    /**
     * When the starter creates the barrier table.
     *
     * @return the value
     */
    public BarrierSchemaInitialization getInitializeSchema() {
        return initializeSchema;
    }

    /**
     * When the starter creates the barrier table.
     *
     * @param initializeSchema the value
     */
    public void setInitializeSchema(BarrierSchemaInitialization initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    /**
     * Whether @DtmBarrier methods are woven.
     *
     * @return the value
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Whether @DtmBarrier methods are woven.
     *
     * @param enabled the value
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The barrier table.
     *
     * @return the value
     */
    public String getTable() {
        return table;
    }

    /**
     * The barrier table.
     *
     * @param table the value
     */
    public void setTable(String table) {
        this.table = table;
    }

    /**
     * Order of the barrier advisor.
     *
     * @return the value
     */
    public int getOrder() {
        return order;
    }

    /**
     * Order of the barrier advisor.
     *
     * @param order the value
     */
    public void setOrder(int order) {
        this.order = order;
    }

    /**
     * The periodic deletion of old barrier rows ({@code dtm.barrier.cleanup.*}).
     */
    public static class Cleanup {

        /** Whether old barrier rows are deleted periodically. */
        private boolean enabled = true;

        /** How old a barrier row must be to go; keep it longer than any transaction can still be retried. */
        private Duration retention = Duration.ofDays(7);

        /** Time between two cleanups (the first comes at a random point of the first interval). */
        private Duration interval = Duration.ofHours(1);

        /** Rows deleted per statement, each in its own short transaction. */
        private int batchSize = 1000;

        /**
         * Whether old barrier rows are deleted periodically.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Whether old barrier rows are deleted periodically.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * How old a barrier row must be to go.
         *
         * @return the value
         */
        public Duration getRetention() {
            return retention;
        }

        /**
         * How old a barrier row must be to go.
         *
         * @param retention the value
         */
        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        /**
         * Time between two cleanups.
         *
         * @return the value
         */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Time between two cleanups.
         *
         * @param interval the value
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /**
         * Rows deleted per statement.
         *
         * @return the value
         */
        public int getBatchSize() {
            return batchSize;
        }

        /**
         * Rows deleted per statement.
         *
         * @param batchSize the value
         */
        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }
}
