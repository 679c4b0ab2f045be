package io.dtm4j.spring.internal;

import io.dtm4j.spring.DtmTemplate;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * The advisor behind {@code @DtmSaga} and {@code @DtmTcc}: its pointcut matches methods whose definition the
 * {@link DtmDefinitionSource} finds (parsing, and so validating, each method while the context starts), its advice
 * is the {@link DtmAnnotationInterceptor}. The template is looked up on first use, so the advisor can be created
 * early without pulling the client along.
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
     * @param template supplies the template on first use
     * @param order the advisor's order (outside {@code @Transactional} by default)
     */
    public DtmAnnotationAdvisor(Supplier<DtmTemplate> template, int order) {
        this.interceptor = new DtmAnnotationInterceptor(source, template);
        setOrder(order);
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
