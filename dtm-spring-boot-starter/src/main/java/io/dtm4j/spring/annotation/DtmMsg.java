package io.dtm4j.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method is the local half of a 2-phase message: it adds the message's steps and does its database work; the
 * message is delivered exactly when that work commits. The method runs in a Spring transaction (the caller's, or
 * one started with propagation REQUIRED); after the method returns, still inside that transaction, the message is
 * prepared on the server (steps added later would not count) and the barrier row that the back-check reads is
 * written. When the transaction ends, whoever ends it: committed, the message is submitted; rolled back, it is
 * aborted; unknown, the barrier table decides. An exception (or {@code DtmContext.markForAbort}) rolls the work
 * back and nothing is sent; a submit that never reaches the server is delivered by the server's back-check.
 *
 * <pre>{@code
 * @DtmMsg
 * public void pay(Msg msg, Order order) {                 // callers pass null for the Msg
 *     msg.add(shipping + "/ship", order);
 *     orders.markPaid(order.id());                        // same transaction as the barrier row
 * }
 * }</pre>
 *
 * <p>The server's back-check calls the starter's query-prepared endpoint ({@code dtm.msg.query-prepared-path}),
 * at {@code dtm.msg.query-prepared-url} or this application's address.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface DtmMsg {

    /**
     * How long a prepared message waits before the server back-checks it ({@code timeout_to_fail}).
     *
     * @return a duration, or empty for the default
     */
    String timeoutToFail() default "";

    /**
     * The server's interval between retries of failing deliveries ({@code retry_interval}).
     *
     * @return a duration, or empty for the default
     */
    String retryInterval() default "";

    /**
     * The timeout of each delivery call ({@code request_timeout}).
     *
     * @return a duration, or empty for the default
     */
    String requestTimeout() default "";

    /**
     * Whether the submit waits until every step is delivered; {@code false} keeps the default.
     *
     * @return whether to wait
     */
    boolean waitResult() default false;

    /**
     * The bean name of the DataSource of the local work and the barrier table; empty for the only (or primary) one.
     *
     * @return a bean name
     */
    String dataSource() default "";

    /**
     * The bean name of its transaction manager; empty for the only (or primary) one.
     *
     * @return a bean name
     */
    String transactionManager() default "";

    /**
     * Exceptions after which nothing is sent; by default every exception. Only useful to narrow
     * {@link #noRollbackFor()}: the closest rule in the exception's class hierarchy wins.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] rollbackFor() default {};

    /**
     * Exceptions after which the work still commits and the message is still sent, then the exception rethrown.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] noRollbackFor() default {};
}
