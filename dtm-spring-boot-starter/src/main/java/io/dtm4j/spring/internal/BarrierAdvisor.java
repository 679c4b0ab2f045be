package io.dtm4j.spring.internal;

import io.dtm4j.spring.annotation.DtmBarrier;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import java.lang.reflect.Method;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The advisor behind {@code @DtmBarrier}: matches methods carrying it and runs them in the barrier, in the current
 * Spring transaction. The DataSource, transaction manager and barrier are looked up on first use.
 */
public final class BarrierAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient java.util.Set<Method> matched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            if (AnnotatedElementUtils.hasAnnotation(specific, DtmBarrier.class)) {
                matched.add(specific);
                return true;
            }
            return false;
        }
    };
    private final transient Supplier<BarrierInterceptor> interceptor;
    private transient volatile BarrierInterceptor resolved;

    /**
     * Creates the advisor.
     *
     * @param beans where the DataSources, transaction managers and the barrier settings are, looked up on first use
     * @param order the advisor's order
     */
    public BarrierAdvisor(ListableBeanFactory beans, int order) {
        this.interceptor = () -> new BarrierInterceptor(beans);
        setOrder(order);
    }

    /** The {@code @DtmBarrier} methods found while beans were proxied. */
    java.util.Set<Method> methods() {
        return matched;
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
