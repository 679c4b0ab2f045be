package io.dtm4j.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method is a DTM branch handler guarded by the subtransaction barrier: its body runs at most once per branch
 * and op, and a repeated call, a compensation whose forward op never ran (null compensation) or a forward op that
 * arrives after its compensation (hanging) return without running it. The barrier rows are written on the
 * connection of the current Spring transaction ({@code DataSourceUtils}), which the method's own database work
 * uses too, so both commit or roll back together; with no transaction active, one is started with the
 * application's transaction manager (propagation REQUIRED), so {@code @Transactional} is optional.
 *
 * <pre>{@code
 * @PostMapping("/transOut")
 * @DtmBarrier
 * public void transOut(@RequestBody TransferRequest req) {
 *     jdbc.update("update account set balance = balance - ? where id = ?", req.amount(), req.from());
 * }
 * }</pre>
 *
 * <p>The branch (gid, trans_type, branch_id, op) comes from the current HTTP request's query or headers, or from a
 * {@code BranchContext} parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DtmBarrier {

    /**
     * The bean name of the DataSource that holds the barrier table and the branch's data; empty for the only (or
     * primary) DataSource.
     *
     * @return a bean name
     */
    String dataSource() default "";

    /**
     * The bean name of the transaction manager for that DataSource; empty for the only (or primary) one.
     *
     * @return a bean name
     */
    String transactionManager() default "";
}
