package io.dtm4j.samples.mybatis;

import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A MyBatis plugin (picked up by MyBatis' auto-configuration) that notes, per HTTP request, every update statement
 * MyBatis runs: the printed calls show the barrier's own mapper statement next to the business one.
 */
@Component
@Intercepts(@Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}))
public class StatementTrail implements Interceptor {

    private static final String TRAIL = StatementTrail.class.getName();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            String id = ((MappedStatement) invocation.getArgs()[0]).getId();
            trail(request).add(id.substring(id.lastIndexOf('.', id.lastIndexOf('.') - 1) + 1));
        }
        return invocation.proceed();
    }

    /**
     * The statements the current request ran through MyBatis.
     *
     * @return e.g. {@code [BarrierMapper.insertIgnore, AccountMapper.add]}
     */
    public static List<String> current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? List.of() : List.copyOf(trail(request));
    }

    @SuppressWarnings("unchecked")
    private static List<String> trail(RequestAttributes request) {
        Object trail = request.getAttribute(TRAIL, RequestAttributes.SCOPE_REQUEST);
        if (trail == null) {
            trail = new ArrayList<String>();
            request.setAttribute(TRAIL, trail, RequestAttributes.SCOPE_REQUEST);
        }
        return (List<String>) trail;
    }
}
