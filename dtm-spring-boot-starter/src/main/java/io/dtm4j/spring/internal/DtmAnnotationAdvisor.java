package io.dtm4j.spring.internal;

import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The advisor behind {@code @DtmSaga}, {@code @DtmTcc} and {@code @DtmMsg}: its pointcut matches methods whose
 * definition the {@link DtmDefinitionSource} finds (parsing, and so validating, each method while the context
 * starts), its advice is the {@link DtmAnnotationInterceptor}. The template and the rest are looked up on first
 * use, so the advisor can be created early without pulling the client along.
 */
public final class DtmAnnotationAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient DtmDefinitionSource source = new DtmDefinitionSource();
    private final transient DtmAnnotationInterceptor interceptor;
    private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return source.find(method, targetClass).isPresent();
        }
    };

    /**
     * Creates the advisor.
     *
     * @param beans where the template, DataSources, transaction managers and the barrier are looked up on first
     *     use
     * @param order the advisor's order (outside {@code @Transactional} by default)
     */
    public DtmAnnotationAdvisor(ListableBeanFactory beans, int order) {
        this.interceptor = new DtmAnnotationInterceptor(source, beans);
        setOrder(order);
    }

    /** The annotated methods found while beans were proxied. */
    java.util.Collection<DtmDefinition> definitions() {
        return source.parsed();
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }
}
