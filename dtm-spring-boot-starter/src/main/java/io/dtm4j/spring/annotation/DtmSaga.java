package io.dtm4j.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method is the boundary of one saga: a new saga (with a gid from the server and the {@code dtm.options.*}
 * defaults) is handed to the method, which adds the steps; it is submitted when the method returns, and never when
 * it throws (unless {@link #noRollbackFor()} says so) or calls {@code DtmContext.markForAbort}.
 *
 * <pre>{@code
 * @DtmSaga(timeoutToFail = "60s")
 * public String transfer(Saga saga, TransferRequest req) {        // callers pass null for the Saga
 *     saga.add(accounts + "/transOut", accounts + "/transOutCompensate", req)
 *         .add(accounts + "/transIn", accounts + "/transInCompensate", req);
 *     return saga.gid();
 * }
 * }</pre>
 *
 * <p>The saga is also available as {@code DtmContext.saga()}. On a type, every public method of it is a saga.
 * Durations are written as Spring Boot durations ({@code "30s"}, {@code "2m"}, {@code "PT1M"}); empty means the
 * {@code dtm.options.*} default.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface DtmSaga {

    /**
     * How long the server tries before it rolls the saga back ({@code timeout_to_fail}).
     *
     * @return a duration, or empty for the default
     */
    String timeoutToFail() default "";

    /**
     * The server's interval between retries of failing branches ({@code retry_interval}).
     *
     * @return a duration, or empty for the default
     */
    String retryInterval() default "";

    /**
     * The timeout of each branch call the server makes ({@code request_timeout}).
     *
     * @return a duration, or empty for the default
     */
    String requestTimeout() default "";

    /**
     * How often the server retries a branch before giving up ({@code retry_limit}); {@code -1} for the default.
     *
     * @return the limit
     */
    int retryLimit() default -1;

    /**
     * Whether the submit waits until the saga is finished and reports its outcome ({@code wait_result});
     * {@code false} keeps the {@code dtm.options.wait-result} default.
     *
     * @return whether to wait
     */
    boolean waitResult() default false;

    /**
     * Whether the steps run concurrently (DTM's concurrent saga).
     *
     * @return whether concurrent
     */
    boolean concurrent() default false;

    /**
     * Exceptions after which the saga is not submitted; by default every exception. Only useful to narrow a
     * {@link #noRollbackFor()} rule: the closest rule in the exception's class hierarchy wins.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] rollbackFor() default {};

    /**
     * Exceptions after which the saga is still submitted, then the exception rethrown.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] noRollbackFor() default {};
}
