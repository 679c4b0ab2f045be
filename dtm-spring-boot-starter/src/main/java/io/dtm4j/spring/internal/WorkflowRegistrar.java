package io.dtm4j.spring.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.Workflows;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.annotation.DtmWorkflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@code @DtmWorkflow} methods of the beans as they are created (checking each signature, so a wrong
 * one fails the start) and, once every singleton exists, registers each with the application's {@link Workflows}:
 * a run invokes the method on the bean (through its proxy, so {@code @Transactional} and the rest apply) with the
 * handle and the input read back from JSON (the {@code Workflows} bean binds the handle to
 * {@link io.dtm4j.spring.DtmContext} for the run and its phase 2).
 */
public final class WorkflowRegistrar implements BeanPostProcessor, SmartInitializingSingleton {

    /** Set just before a run invokes the method: the advice lets that one call through. */
    static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();

    private final ListableBeanFactory beans;
    private final Map<Method, WorkflowMethod> methods = new ConcurrentHashMap<>();
    private final List<Object[]> found = new ArrayList<>();

    /**
     * Creates the registrar.
     *
     * @param beans where the {@link Workflows} and the {@link DtmTemplate} are looked up once all beans exist
     */
    public WorkflowRegistrar(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, DtmWorkflow> annotated = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<DtmWorkflow>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
                        DtmWorkflow.class));
        annotated.forEach((method, annotation) -> {
            WorkflowMethod wm = method(method, annotation);
            synchronized (found) {
                found.add(new Object[] {bean, wm});
            }
        });
        return bean;
    }

    /** The parsed method, cached (the advice asks too). */
    WorkflowMethod method(Method method, DtmWorkflow annotation) {
        return methods.computeIfAbsent(method, m -> WorkflowMethod.of(m, annotation));
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (found.isEmpty()) {
            return;
        }
        Workflows workflows = beans.getBean(Workflows.class);
        ObjectMapper mapper = beans.getBean(DtmTemplate.class).client().objectMapper();
        synchronized (found) {
            for (Object[] entry : found) {
                Object bean = entry[0];
                WorkflowMethod wm = (WorkflowMethod) entry[1];
                Method invocable = AopUtils.selectInvocableMethod(wm.method(), bean.getClass());
                if (workflows.names().contains(wm.name())) {
                    throw new io.dtm4j.spring.DtmConfigurationException("@DtmWorkflow(\"" + wm.name() + "\") on "
                            + wm.method().getDeclaringClass().getName() + "." + wm.method().getName() + ": workflow '"
                            + wm.name() + "' is already registered (give each workflow its own name: the server"
                            + " resumes a workflow by its name)");
                }
                workflows.register(wm.name(), (wf, input) -> {
                    Object[] args = wm.arguments(mapper, wf, input);
                    try {
                        RUNNING.set(Boolean.TRUE);
                        return wm.result(mapper, invocable.invoke(bean, args));
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e);
                    } finally {
                        RUNNING.remove();
                    }
                });
            }
        }
    }
}
