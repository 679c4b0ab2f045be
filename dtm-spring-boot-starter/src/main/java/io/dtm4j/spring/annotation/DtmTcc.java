package io.dtm4j.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method is the boundary of one TCC transaction: it is prepared on the server before the method runs, the
 * method calls the tries, and it is submitted (confirm) when the method returns or aborted (cancel) with the
 * error as reason when it throws, unless {@link #noRollbackFor()} says so; {@code DtmContext.markForAbort} also
 * aborts it.
 *
 * <pre>{@code
 * @DtmTcc
 * public void reserve(Tcc tcc, TransferRequest req) {              // callers pass null for the Tcc
 *     tcc.callBranch(req, a + "/try", a + "/confirm", a + "/cancel");
 *     tcc.callBranch(req, b + "/try", b + "/confirm", b + "/cancel");
 * }
 * }</pre>
 *
 * <p>The transaction is also available as {@code DtmContext.tcc()}. Durations are Spring Boot durations; empty
 * means the {@code dtm.options.*} default.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface DtmTcc {

    /**
     * How long the server waits for the submit before it cancels a prepared transaction ({@code timeout_to_fail}).
     *
     * @return a duration, or empty for the default
     */
    String timeoutToFail() default "";

    /**
     * The server's interval between retries of failing confirms or cancels ({@code retry_interval}).
     *
     * @return a duration, or empty for the default
     */
    String retryInterval() default "";

    /**
     * The timeout of each confirm or cancel call the server makes ({@code request_timeout}).
     *
     * @return a duration, or empty for the default
     */
    String requestTimeout() default "";

    /**
     * Whether the submit waits until the confirms are done ({@code wait_result}); {@code false} keeps the
     * {@code dtm.options.wait-result} default.
     *
     * @return whether to wait
     */
    boolean waitResult() default false;

    /**
     * Exceptions after which the transaction is aborted; by default every exception. Only useful to narrow a
     * {@link #noRollbackFor()} rule: the closest rule in the exception's class hierarchy wins.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] rollbackFor() default {};

    /**
     * Exceptions after which the transaction is still submitted, then the exception rethrown.
     *
     * @return exception types
     */
    Class<? extends Throwable>[] noRollbackFor() default {};
}
