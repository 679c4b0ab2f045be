package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmNoBranchException;
import io.dtm4j.spring.annotation.DtmBarrier;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a {@code @DtmBarrier} method inside the barrier, in the current Spring transaction (joined, or started with
 * propagation REQUIRED): the barrier rows and the method's work commit together or not at all. Any exception rolls
 * both back and reaches the caller unchanged.
 */
final class BarrierInterceptor implements MethodInterceptor {

    /** The branch whose barrier is running on this thread: a nested guarded call of it runs straight through. */
    private static final ThreadLocal<BranchContext> ACTIVE = new ThreadLocal<>();

    private final ListableBeanFactory beans;
    private final Barriers barriers;
    private final Map<MethodClassKey, Target> targets = new ConcurrentHashMap<>();

    BarrierInterceptor(ListableBeanFactory beans) {
        this.beans = beans;
        this.barriers = Barriers.of(beans);
    }

    /** Where a method's barrier runs, and the method's name for messages. */
    private record Target(DataSource dataSource, TransactionTemplate transactions, JdbcBarrier barrier,
            String where) {
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        BranchContext ctx = BranchContexts.current(invocation.getArguments())
                .orElseThrow(() -> noBranch(method));
        BranchContext active = ACTIVE.get();
        if (active != null && active.equals(ctx)) {
            return invocation.proceed();
        }
        Class<?> targetClass = invocation.getThis() == null ? null : AopUtils.getTargetClass(invocation.getThis());
        Target target = targets.computeIfAbsent(new MethodClassKey(method, targetClass),
                k -> target(AopUtils.getMostSpecificMethod(method, targetClass)));
        Object[] result = new Object[1];
        Throwable[] error = new Throwable[1];
        try {
            target.transactions().executeWithoutResult(status -> {
                BranchBarrier branch = RequestBarriers.of(target.barrier(), ctx);
                Callable<Void> guarded = () -> {
                    ACTIVE.set(ctx);
                    try {
                        result[0] = invocation.proceed();
                    } catch (Throwable t) {
                        error[0] = t;
                        throw new Unwind();
                    } finally {
                        ACTIVE.remove();
                    }
                    return null;
                };
                barriers.callInTransaction(target.dataSource(), branch, guarded, target.where());
            });
        } catch (Unwind unwind) {
            throw error[0];
        }
        Class<?> type = method.getReturnType();
        if (result[0] == null && type.isPrimitive() && type != void.class) {
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
        }
        return result[0];
    }

    private static DtmNoBranchException noBranch(Method method) {
        return new DtmNoBranchException("@DtmBarrier on " + method.getDeclaringClass().getSimpleName() + "."
                + method.getName() + "() found no branch: no gid/trans_type/branch_id/op in the current HTTP"
                + " request and no BranchContext parameter (call it as a DTM branch, or declare a BranchContext"
                + " parameter)");
    }

    private Target target(Method method) {
        DtmBarrier annotation = AnnotatedElementUtils.findMergedAnnotation(method, DtmBarrier.class);
        String dataSource = annotation == null ? "" : annotation.dataSource();
        String manager = annotation == null ? "" : annotation.transactionManager();
        String where = "@DtmBarrier on " + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
        DataSource ds = Beans.one(beans, DataSource.class, dataSource, where, "dataSource");
        PlatformTransactionManager tm = barriers.managerFor(ds, manager, where);
        return new Target(ds, new TransactionTemplate(tm), barriers.forDataSource(ds), where);
    }

    /** Carries the method's own exception out of the barrier and the transaction, which both roll back. */
    private static final class Unwind extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unwind() {
            super("the branch handler threw; rolled back", null, false, false);
        }
    }
}
