package io.dtm4j.spring.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.Workflow;
import io.dtm4j.spring.DtmConfigurationException;
import io.dtm4j.spring.annotation.DtmWorkflow;
import java.io.IOException;
import java.lang.reflect.Method;

/**
 * A {@code @DtmWorkflow} method, checked once: its name, the position of the {@link Workflow} parameter and of
 * the input, and the JSON types of the input and the result.
 *
 * @param name the workflow's name
 * @param method the method
 * @param workflowParameter the index of the {@code Workflow} parameter
 * @param inputParameter the index of the input parameter, or -1 for none
 */
record WorkflowMethod(String name, Method method, int workflowParameter, int inputParameter) {

    /** Parses and checks an annotated method; fails the start with the method and the expected signature. */
    static WorkflowMethod of(Method method, DtmWorkflow annotation) {
        String where = "@DtmWorkflow(\"" + annotation.value() + "\") on " + method.getDeclaringClass().getName()
                + "." + method.getName();
        if (annotation.value().isBlank()) {
            throw new DtmConfigurationException(where + " has no name (give each workflow a unique name:"
                    + " @DtmWorkflow(\"transfer\"))");
        }
        int wf = -1;
        int input = -1;
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Workflow.class && wf < 0) {
                wf = i;
            } else if (input < 0) {
                input = i;
            } else {
                throw new DtmConfigurationException(where + " has " + types.length + " parameters (a workflow"
                        + " takes the Workflow handle and at most one input: (Workflow wf, Input input))");
            }
        }
        if (wf < 0) {
            throw new DtmConfigurationException(where + " has no Workflow parameter (declare one: the branches are"
                    + " opened on it: (Workflow wf, Input input))");
        }
        return new WorkflowMethod(annotation.value(), method, wf, input);
    }

    /** The input as JSON bytes: {@code null} when the method has no input. */
    byte[] input(ObjectMapper mapper, Object[] args) throws IOException {
        return inputParameter < 0 ? null : mapper.writeValueAsBytes(args[inputParameter]);
    }

    /** The arguments of a run from its handle and its stored input. */
    Object[] arguments(ObjectMapper mapper, Workflow wf, byte[] input) throws IOException {
        Object[] args = new Object[method.getParameterCount()];
        args[workflowParameter] = wf;
        if (inputParameter >= 0 && input != null && input.length > 0) {
            JavaType type = mapper.constructType(method.getGenericParameterTypes()[inputParameter]);
            args[inputParameter] = mapper.readValue(input, type);
        }
        return args;
    }

    byte[] result(ObjectMapper mapper, Object value) throws IOException {
        return method.getReturnType() == void.class ? null : mapper.writeValueAsBytes(value);
    }

    Object result(ObjectMapper mapper, byte[] bytes) throws IOException {
        if (method.getReturnType() == void.class || bytes == null || bytes.length == 0) {
            return null;
        }
        return mapper.readValue(bytes, mapper.constructType(method.getGenericReturnType()));
    }
}
