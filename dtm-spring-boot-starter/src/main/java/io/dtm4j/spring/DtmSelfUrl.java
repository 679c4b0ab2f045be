package io.dtm4j.spring;

import io.dtm4j.client.DtmException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;

/**
 * URLs of this application's own endpoints, for the steps, confirms, cancels and back-checks the DTM server calls
 * back: {@code self.of("/api/transOut")}. The base is {@code dtm.self-url} when set (what the DTM server must use
 * to reach this application behind a container network, a proxy or a load balancer), else it is worked out from the
 * running web server when first asked (and kept): {@code http}, or {@code https} when Spring Boot serves SSL, the
 * {@code server.address} or this host's address, the actual port ({@code server.port=0} and random test ports
 * included) and {@code server.servlet.context-path} (or {@code spring.webflux.base-path}).
 *
 * <pre>{@code
 * @DtmSaga
 * public String transfer(Transfer t) {
 *     DtmContext.saga().add(self.of("/transOut"), self.of("/transOutRevert"), t)
 *             .add(self.of("/transIn"), self.of("/transInRevert"), t);
 *     return DtmContext.gid().orElseThrow();
 * }
 * }</pre>
 */
public final class DtmSelfUrl {

    /** The property that overrides the base. */
    public static final String PROPERTY = "dtm.self-url";

    private final Environment environment;
    private volatile String computed;

    /**
     * Creates the resolver; the starter registers one.
     *
     * @param environment where the port, address, context path and {@code dtm.self-url} are read
     */
    public DtmSelfUrl(Environment environment) {
        this.environment = environment;
    }

    /**
     * This application's base URL, without a trailing slash: {@code dtm.self-url}, or scheme, host, port and
     * context path of the running web server.
     *
     * @return for example {@code http://10.0.0.7:8080/orders}
     * @throws DtmException when no {@code dtm.self-url} is set and no web server runs (yet)
     */
    public String base() {
        String configured = environment.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return strip(configured.strip());
        }
        String known = computed;
        if (known != null) {
            return known;
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            throw new DtmException("this application's URL is not known: no web server runs (yet), so the port is"
                    + " unknown (set " + PROPERTY + " to the address the DTM server reaches this application at, or"
                    + " ask once the application has started)");
        }
        String host = environment.getProperty("server.address");
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String path = environment.getProperty("server.servlet.context-path",
                environment.getProperty("spring.webflux.base-path", ""));
        computed = strip((ssl() ? "https" : "http") + "://" + host + ":" + port + path);
        return computed;
    }

    /** Spring Boot serves https when a key store, certificate or SSL bundle is set and SSL is not switched off. */
    private boolean ssl() {
        if ("false".equals(environment.getProperty("server.ssl.enabled"))) {
            return false;
        }
        return environment.containsProperty("server.ssl.bundle") || environment.containsProperty("server.ssl.key-store")
                || environment.containsProperty("server.ssl.certificate");
    }

    /**
     * The URL of one of this application's endpoints.
     *
     * @param path the endpoint's path, for example {@code /api/transOut} (a missing leading slash is added)
     * @return the base followed by the path
     * @throws DtmException when the base is not known (see {@link #base()})
     */
    public String of(String path) {
        String p = path == null || path.isEmpty() ? "" : path.startsWith("/") ? path : "/" + path;
        return base() + p;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
