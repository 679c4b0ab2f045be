package io.dtm4j.spring.autoconfigure;

/**
 * When the starter creates the barrier table ({@code dtm.barrier.initialize-schema}), after Spring Boot's own
 * convention for the schemas it manages ({@code spring.sql.init.mode}, Spring Batch, Spring Session): the table is
 * created if missing, in each DataSource that {@code @DtmBarrier} or {@code @DtmMsg} methods use.
 */
public enum BarrierSchemaInitialization {

    /** Only in an in-memory database (H2, HSQLDB, Derby): tests and local runs. The default. */
    EMBEDDED,

    /** In every DataSource a barrier method uses, on every start (the DDL is idempotent). */
    ALWAYS,

    /** Never: the table is created by your migrations (Flyway, Liquibase) or by hand. */
    NEVER
}
