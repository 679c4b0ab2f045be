package io.dtm4j.mybatis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;

/**
 * A MyBatis plugin that records every update statement with the executor (so the session) that ran it: the proof
 * that barrier rows go through MyBatis, in the business mappers' session.
 */
@Intercepts(@Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}))
public class StatementLog implements Interceptor {

    /** One update: the mapper method's simple name and the executor's identity. */
    public record Entry(String statement, int executor) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        String id = ((MappedStatement) invocation.getArgs()[0]).getId();
        String method = id.substring(id.lastIndexOf('.', id.lastIndexOf('.') - 1) + 1);
        entries.add(new Entry(method.substring(method.lastIndexOf('$') + 1),
                System.identityHashCode(invocation.getTarget())));
        return invocation.proceed();
    }

    public List<Entry> entries() {
        return entries;
    }

    public void clear() {
        entries.clear();
    }
}
