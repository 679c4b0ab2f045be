package io.dtm4j.spring.internal;

import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.annotation.DtmBarrier;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The advisor behind {@code @DtmBarrier}: matches methods carrying it and runs them in the barrier, in the current
 * Spring transaction. The DataSource, transaction manager and barrier are looked up on first use.
 */
public final class BarrierAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient Pointcut pointcut = new AnnotationMatchingPointcut(null, DtmBarrier.class, true);
    private final transient Supplier<BarrierInterceptor> interceptor;
    private transient volatile BarrierInterceptor resolved;

    /**
     * Creates the advisor.
     *
     * @param beans where the DataSources and transaction managers are
     * @param barrier supplies the barrier on first use
     * @param order the advisor's order
     */
    public BarrierAdvisor(ListableBeanFactory beans, Supplier<JdbcBarrier> barrier, int order) {
        this.interceptor = () -> new BarrierInterceptor(beans, barrier.get());
        setOrder(order);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return (org.aopalliance.intercept.MethodInterceptor) invocation -> {
            BarrierInterceptor i = resolved;
            if (i == null) {
                i = interceptor.get();
                resolved = i;
            }
            return i.invoke(invocation);
        };
    }
}
