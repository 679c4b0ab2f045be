package io.dtm4j.spring.internal;

import io.dtm4j.client.AbstractTransaction;
import io.dtm4j.client.Msg;
import io.dtm4j.client.Saga;
import io.dtm4j.client.Tcc;
import io.dtm4j.client.Xa;
import io.dtm4j.spring.DtmConfigurationException;
import io.dtm4j.spring.annotation.DtmMsg;
import io.dtm4j.spring.annotation.DtmSaga;
import io.dtm4j.spring.annotation.DtmTcc;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds and parses the {@code @DtmSaga} / {@code @DtmTcc} of a method (or of its class), once per method and target
 * class; a wrong use (both annotations, a bad duration, a parameter the interceptor cannot provide) fails with a
 * message that names the method, quotes the value and says what to change. The pointcut calls it while the
 * context starts, so these errors stop the start.
 */
final class DtmDefinitionSource {

    private static final DtmDefinition NONE = new DtmDefinition(DtmDefinition.Kind.SAGA, null, null, null, -1,
            false, false, RollbackRules.ALWAYS, -1, "", "", "");

    private final Map<MethodClassKey, DtmDefinition> cache = new ConcurrentHashMap<>();

    /**
     * The definition of a method, if it is annotated.
     *
     * @param method the invoked method
     * @param targetClass the target's class, may be {@code null}
     * @return the definition, empty when neither the method nor its class carries a DTM annotation
     * @throws IllegalStateException when the annotation is used wrongly
     */
    Optional<DtmDefinition> find(Method method, Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return Optional.empty();
        }
        DtmDefinition d = cache.computeIfAbsent(new MethodClassKey(method, targetClass), k -> parse(method,
                targetClass));
        return d == NONE ? Optional.empty() : Optional.of(d);
    }

    /** The definitions parsed so far (every annotated method of every proxied bean, once the context started). */
    java.util.Collection<DtmDefinition> parsed() {
        return cache.values().stream().filter(d -> d != NONE).toList();
    }

    private DtmDefinition parse(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        DtmSaga saga = AnnotatedElementUtils.findMergedAnnotation(specific, DtmSaga.class);
        DtmTcc tcc = AnnotatedElementUtils.findMergedAnnotation(specific, DtmTcc.class);
        DtmMsg msg = AnnotatedElementUtils.findMergedAnnotation(specific, DtmMsg.class);
        if (saga == null && tcc == null && msg == null && Modifier.isPublic(specific.getModifiers())) {
            Class<?> type = specific.getDeclaringClass();
            saga = AnnotatedElementUtils.findMergedAnnotation(type, DtmSaga.class);
            tcc = AnnotatedElementUtils.findMergedAnnotation(type, DtmTcc.class);
            msg = AnnotatedElementUtils.findMergedAnnotation(type, DtmMsg.class);
        }
        int count = (saga == null ? 0 : 1) + (tcc == null ? 0 : 1) + (msg == null ? 0 : 1);
        if (count == 0) {
            return NONE;
        }
        String name = ClassUtils.getShortName(specific.getDeclaringClass()) + "." + specific.getName() + "()";
        if (count > 1) {
            throw new DtmConfigurationException(name + " carries more than one of @DtmSaga, @DtmTcc and @DtmMsg (one"
                    + " method is one global transaction: keep one of them)");
        }
        DtmDefinition.Kind kind = saga != null ? DtmDefinition.Kind.SAGA
                : tcc != null ? DtmDefinition.Kind.TCC : DtmDefinition.Kind.MSG;
        int parameter = transactionParameter(specific, kind, name);
        if (saga != null) {
            return new DtmDefinition(kind, duration(saga.timeoutToFail(), "timeoutToFail", kind, name),
                    duration(saga.retryInterval(), "retryInterval", kind, name),
                    duration(saga.requestTimeout(), "requestTimeout", kind, name), saga.retryLimit(),
                    saga.waitResult(), saga.concurrent(),
                    new RollbackRules(List.of(saga.rollbackFor()), List.of(saga.noRollbackFor())), parameter, name,
                    "", "");
        }
        if (msg != null) {
            if (!ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils",
                    DtmDefinitionSource.class.getClassLoader())) {
                throw new DtmConfigurationException(name + " is a @DtmMsg method, which writes its barrier row in a"
                        + " Spring JDBC transaction, but Spring JDBC is not on the classpath (add"
                        + " spring-boot-starter-jdbc, or spring-boot-starter-data-jpa, to the application)");
            }
            return new DtmDefinition(kind, duration(msg.timeoutToFail(), "timeoutToFail", kind, name),
                    duration(msg.retryInterval(), "retryInterval", kind, name),
                    duration(msg.requestTimeout(), "requestTimeout", kind, name), -1, msg.waitResult(), false,
                    new RollbackRules(List.of(msg.rollbackFor()), List.of(msg.noRollbackFor())), parameter, name,
                    msg.dataSource(), msg.transactionManager());
        }
        return new DtmDefinition(kind, duration(tcc.timeoutToFail(), "timeoutToFail", kind, name),
                duration(tcc.retryInterval(), "retryInterval", kind, name),
                duration(tcc.requestTimeout(), "requestTimeout", kind, name), -1, tcc.waitResult(), false,
                new RollbackRules(List.of(tcc.rollbackFor()), List.of(tcc.noRollbackFor())), parameter, name, "",
                "");
    }

    private static int transactionParameter(Method method, DtmDefinition.Kind kind, String name) {
        Class<?> wanted = switch (kind) {
            case SAGA -> Saga.class;
            case TCC -> Tcc.class;
            case MSG -> Msg.class;
        };
        int found = -1;
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            boolean dtmType = AbstractTransaction.class.isAssignableFrom(type) || type == Tcc.class
                    || type == Xa.class;
            if (!dtmType) {
                continue;
            }
            if (type != wanted) {
                throw new DtmConfigurationException(name + " is a " + kind.annotation + " method but parameter " + i
                        + " is a " + type.getSimpleName() + ", which it cannot provide (declare a "
                        + wanted.getSimpleName() + " parameter, or none and use DtmContext)");
            }
            if (found >= 0) {
                throw new DtmConfigurationException(name + " declares more than one " + wanted.getSimpleName()
                        + " parameter (parameters " + found + " and " + i + "; keep one)");
            }
            found = i;
        }
        return found;
    }

    private static Duration duration(String text, String attribute, DtmDefinition.Kind kind, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = DurationStyle.detectAndParse(text.strip());
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new DtmConfigurationException(kind.annotation + "(" + attribute + " = \"" + text + "\") on " + name
                    + " is not a duration (write it like \"30s\", \"2m\" or \"PT1M\")");
        }
    }
}
