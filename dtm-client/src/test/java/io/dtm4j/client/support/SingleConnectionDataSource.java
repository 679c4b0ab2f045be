package io.dtm4j.client.support;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands out one physical connection again and again, ignoring close(), like a pool of one: lets a test see the
 * state a component leaves a pooled connection in. abort() is recorded and really closes it.
 */
public final class SingleConnectionDataSource implements DataSource {

    private final Connection physical;
    private boolean aborted;

    public SingleConnectionDataSource(DataSource target) throws SQLException {
        this.physical = target.getConnection();
    }

    public boolean aborted() {
        return aborted;
    }

    public void closeForReal() throws SQLException {
        physical.close();
    }

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "abort":
                            aborted = true;
                            physical.close();
                            return null;
                        default:
                            try {
                                return method.invoke(physical, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
