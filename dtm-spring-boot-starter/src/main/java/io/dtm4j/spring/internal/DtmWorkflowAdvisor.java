package io.dtm4j.spring.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.Workflows;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.annotation.DtmWorkflow;
import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The advisor behind {@code @DtmWorkflow}: a call of an annotated method from outside executes it as a new
 * workflow through the application's {@link Workflows} (input and result as JSON, a new gid); the call a run makes
 * itself goes through to the method.
 */
public final class DtmWorkflowAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient ListableBeanFactory beans;
    private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return annotation(AopUtils.getMostSpecificMethod(method, targetClass)) != null;
        }
    };
    private final transient MethodInterceptor interceptor = this::invoke;

    private Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
        if (Boolean.TRUE.equals(WorkflowRegistrar.RUNNING.get())) {
            WorkflowRegistrar.RUNNING.remove();
            return invocation.proceed();
        }
        Class<?> target = invocation.getThis() == null ? invocation.getMethod().getDeclaringClass()
                : AopUtils.getTargetClass(invocation.getThis());
        Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), target);
        Beans b = resolved();
        WorkflowMethod wm = b.registrar().method(method, annotation(method));
        ObjectMapper mapper = b.template().client().objectMapper();
        byte[] result = b.workflows().execute(wm.name(), b.template().client().newGid(),
                wm.input(mapper, invocation.getArguments()));
        return wm.result(mapper, result);
    }

    /** The beans a call needs, looked up once, on the first call (the advisor is created before them). */
    private record Beans(WorkflowRegistrar registrar, DtmTemplate template, Workflows workflows) {
    }

    private transient volatile Beans resolved;

    private Beans resolved() {
        Beans b = resolved;
        if (b == null) {
            b = new Beans(beans.getBean(WorkflowRegistrar.class), beans.getBean(DtmTemplate.class),
                    beans.getBean(Workflows.class));
            resolved = b;
        }
        return b;
    }

    /**
     * Creates the advisor.
     *
     * @param beans where the workflows, the template and the registrar are looked up on first use
     * @param order the advisor's order
     */
    public DtmWorkflowAdvisor(ListableBeanFactory beans, int order) {
        this.beans = beans;
        setOrder(order);
    }

    private static DtmWorkflow annotation(Method method) {
        return AnnotatedElementUtils.findMergedAnnotation(method, DtmWorkflow.class);
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
