package io.dtm4j.test;

import io.dtm4j.client.DtmClient;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link DtmServerTest}: starts a {@link DtmTestServer} once per test class (or once
 * per run), resolves {@link DtmTestServer} and {@link DtmClient} parameters, resets faults and recorded calls
 * before each test and stops the server when its scope ends. Use it declaratively through {@link DtmServerTest}, or
 * register it in a static field to reach the server from anywhere in the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DtmServerExtension dtm = new DtmServerExtension();
 *
 * @Test
 * void transfer() {
 *     app = startApp("dtm.server-url=" + dtm.server().url());
 *     ...
 * }
 * }</pre>
 */
public final class DtmServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DtmServerExtension.class);

    private final Boolean shared;
    private final Supplier<DtmTestServer> starter;
    private volatile DtmTestServer server;

    /** One server per test class, with the defaults (JUnit also uses this for {@link DtmServerTest}). */
    public DtmServerExtension() {
        this(null, DtmTestServer::start);
    }

    /**
     * One server per test class, built by the given builder (another store, other settings).
     *
     * @param builder started once per class
     */
    public DtmServerExtension(DtmTestServer.Builder builder) {
        this(false, Objects.requireNonNull(builder, "builder")::start);
    }

    private DtmServerExtension(Boolean shared, Supplier<DtmTestServer> starter) {
        this.shared = shared;
        this.starter = starter;
    }

    /**
     * One server for every class of the run that registers a shared extension, stopped at the end of the run.
     *
     * @return the extension
     */
    public static DtmServerExtension shared() {
        return new DtmServerExtension(true, DtmTestServer::start);
    }

    /**
     * The server of the current scope.
     *
     * @return the running server
     * @throws IllegalStateException before JUnit started it (outside a test, or when the field is not static)
     */
    public DtmTestServer server() {
        DtmTestServer s = server;
        if (s == null) {
            throw new IllegalStateException("the DTM test server is not started yet: register DtmServerExtension in"
                    + " a static field with @RegisterExtension and use it from @BeforeAll or test methods");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ensure(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        DtmTestServer s = ensure(context);
        server = s;
        s.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DtmTestServer.class || type == DtmClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DtmTestServer s = ensure(context);
        return parameter.getParameter().getType() == DtmClient.class ? s.client() : s;
    }

    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: JUnit 6 prefers computeIfAbsent, which 5.12 lacks.
    private DtmTestServer ensure(ExtensionContext context) {
        boolean runWide = shared != null ? shared : context.getTestClass().map(DtmServerExtension::annotation)
                .map(DtmServerTest::shared).orElse(false);
        ExtensionContext owner = runWide ? context.getRoot() : classContext(context);
        Object key = runWide ? "shared" : this;
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> new Running(starter.get()), Running.class)
                .server;
    }

    /** The annotation on the class, its superclasses or, for {@code @Nested} classes, the classes around it. */
    private static DtmServerTest annotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            DtmServerTest found = AnnotationSupport.findAnnotation(c, DtmServerTest.class).orElse(null);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The outermost class-level context below the root, so that nested classes share their outer class's. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getParent().isPresent() && c.getParent().get() != c.getRoot()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** Stops the server when JUnit closes the scope's store. */
    @SuppressWarnings("deprecation") // CloseableResource: JUnit 5.12 needs it; later versions still honour it.
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final DtmTestServer server;

        Running(DtmTestServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
