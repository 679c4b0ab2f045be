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
 * a run invokes the method on the bean (through its proxy, so the other advice applies) with the
 * handle and the input read back from JSON (the {@code Workflows} bean binds the handle to
 * {@link io.dtm4j.spring.DtmContext} for the run and its phase 2).
 */
public final class WorkflowRegistrar implements BeanPostProcessor, SmartInitializingSingleton {

    /** Set just before a run invokes the method: the advice lets that one call through. */
    static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();

    private final ListableBeanFactory beans;
    private final Map<Method, WorkflowMethod> methods = new ConcurrentHashMap<>();
    private final List<Object[]> found = new ArrayList<>();
    private volatile boolean started;
    private static final String TRANSACTIONAL_NAME = "org.springframework.transaction.annotation.Transactional";
    private static final boolean TRANSACTIONAL = org.springframework.util.ClassUtils.isPresent(TRANSACTIONAL_NAME,
            WorkflowRegistrar.class.getClassLoader());

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
            refuseTransactional(method, type, wm);
            synchronized (found) {
                found.add(new Object[] {bean, wm});
            }
        });
        if (started && !annotated.isEmpty()) {
            // A bean created after the start (a lazy one): registered now.
            register();
        }
        return bean;
    }

    /**
     * A workflow's code must not run in one local transaction: its recorded steps would be rolled back with it
     * while their records say done.
     */
    private static void refuseTransactional(Method method, Class<?> type, WorkflowMethod wm) {
        if (!TRANSACTIONAL) {
            return;
        }
        Class<? extends java.lang.annotation.Annotation> tx = transactional();
        if (AnnotatedElementUtils.hasAnnotation(method, tx) || AnnotatedElementUtils.hasAnnotation(type, tx)) {
            throw new io.dtm4j.spring.DtmConfigurationException("@DtmWorkflow(\"" + wm.name() + "\") on "
                    + type.getName() + "." + method.getName() + " is @Transactional: its steps would be undone"
                    + " with the local transaction while the server keeps them as done (put @Transactional on"
                    + " the local work each step calls instead)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends java.lang.annotation.Annotation> transactional() {
        try {
            return (Class<? extends java.lang.annotation.Annotation>) Class.forName(TRANSACTIONAL_NAME, false,
                    WorkflowRegistrar.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parsed method, cached (the advice asks too). */
    WorkflowMethod method(Method method, DtmWorkflow annotation) {
        return methods.computeIfAbsent(method, m -> WorkflowMethod.of(m, annotation));
    }

    @Override
    public void afterSingletonsInstantiated() {
        started = true;
        register();
    }

    /** Registers what was found and not registered yet. */
    private void register() {
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
                org.springframework.util.ReflectionUtils.makeAccessible(invocable);
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
            found.clear();
        }
    }
}
