package io.dtm4j.spring.internal;

import io.dtm4j.spring.DtmConfigurationException;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;

/** Looks up the one bean an annotation refers to, by name or by type, with an error that says what to set. */
final class Beans {

    private Beans() {
    }

    static <T> T one(ListableBeanFactory beans, Class<T> type, String name, String where, String attribute) {
        try {
            return name.isEmpty() ? beans.getBean(type) : beans.getBean(name, type);
        } catch (NoSuchBeanDefinitionException e) {
            String known = String.join(", ", beans.getBeanNamesForType(type));
            throw new DtmConfigurationException(where + " needs " + (name.isEmpty() ? "one " : "the ")
                    + type.getSimpleName() + (name.isEmpty() ? "" : " named '" + name + "'") + " but "
                    + (known.isEmpty() ? "there is none" : "the candidates are: " + known) + " (set " + attribute
                    + " = \"<bean name>\" on the annotation, or mark one bean @Primary)", e);
        } catch (BeansException e) {
            throw new DtmConfigurationException(where + ": the " + type.getSimpleName() + " cannot be created: "
                    + e.getMessage(), e);
        }
    }
}
