package io.dtm4j.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.core.Ordered;

/**
 * Settings of the DTM starter, under {@code dtm.*}.
 *
 * <pre>{@code
 * dtm.server-url=http://dtm:36789/api/dtmsvr
 * dtm.options.timeout-to-fail=60s
 * dtm.options.branch-headers.x-tenant=acme
 * }</pre>
 */
@ConfigurationProperties("dtm")
public class DtmProperties {

    /** Base URL of the DTM server's HTTP API, the official server's or ours. */
    private String serverUrl = "http://localhost:36789/api/dtmsvr";

    /** Timeout to connect to the DTM server. */
    private Duration connectTimeout = Duration.ofSeconds(3);

    /** Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction). */
    private Duration readTimeout = Duration.ofSeconds(15);

    /** Whether the application logs, once ready, which DTM server it uses and whether it answered. */
    private boolean reportServerAtStart = true;

    /**
     * The base URL the DTM server reaches this application at (behind a container network or a proxy); by default
     * it is worked out from the running web server: scheme, address, port and context path.
     */
    private String selfUrl;

    /** Options every new global transaction starts with. */
    @NestedConfigurationProperty
    private final DtmOptionsProperties options = new DtmOptionsProperties();

    /** The @DtmSaga / @DtmTcc annotations. */
    private final Annotations annotations = new Annotations();

    /** The subtransaction barrier of branch handlers (@DtmBarrier). */
    @NestedConfigurationProperty
    private final DtmBarrierProperties barrier = new DtmBarrierProperties();

    /** 2-phase messages (@DtmMsg). */
    private final Msg msg = new Msg();
    private final DtmWorkflowProperties workflow = new DtmWorkflowProperties();

    /**
     * Base URL of the DTM server's HTTP API, the official server's or ours.
     *
     * @return the value
     */
    public String getServerUrl() {
        return serverUrl;
    }

    /**
     * Base URL of the DTM server's HTTP API, the official server's or ours.
     *
     * @param serverUrl the value
     */
    public void setServerUrl(String serverUrl) {
        this.serverUrl = serverUrl;
    }

    /**
     * Timeout to connect to the DTM server.
     *
     * @return the value
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Timeout to connect to the DTM server.
     *
     * @param connectTimeout the value
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction).
     *
     * @return the value
     */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /**
     * Timeout to read an answer of the DTM server (a submit with wait_result waits for the whole transaction).
     *
     * @param readTimeout the value
     */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /**
     * The base URL the DTM server reaches this application at.
     *
     * @return the value, or {@code null} to work it out from the running web server
     */
    public String getSelfUrl() {
        return selfUrl;
    }

    /**
     * The base URL the DTM server reaches this application at.
     *
     * @param selfUrl the value
     */
    public void setSelfUrl(String selfUrl) {
        this.selfUrl = selfUrl;
    }

    /**
     * Whether the application logs, once ready, which DTM server it uses and whether it answered.
     *
     * @return the value
     */
    public boolean isReportServerAtStart() {
        return reportServerAtStart;
    }

    /**
     * Whether the application logs, once ready, which DTM server it uses and whether it answered.
     *
     * @param reportServerAtStart the value
     */
    public void setReportServerAtStart(boolean reportServerAtStart) {
        this.reportServerAtStart = reportServerAtStart;
    }

    /**
     * Options every new global transaction starts with.
     *
     * @return the value
     */
    public DtmOptionsProperties getOptions() {
        return options;
    }

    /**
     * The @DtmSaga / @DtmTcc annotations.
     *
     * @return the value
     */
    public Annotations getAnnotations() {
        return annotations;
    }

    /**
     * The subtransaction barrier of branch handlers (@DtmBarrier).
     *
     * @return the value
     */
    public DtmBarrierProperties getBarrier() {
        return barrier;
    }

    /**
     * 2-phase messages (@DtmMsg).
     *
     * @return the value
     */
    public Msg getMsg() {
        return msg;
    }

    /**
     * Workflows (@DtmWorkflow): the resume callback.
     *
     * @return the value
     */
    @org.springframework.boot.context.properties.NestedConfigurationProperty
    public DtmWorkflowProperties getWorkflow() {
        return workflow;
    }

    /**
     * The 2-phase message settings ({@code dtm.msg.*}).
     */
    public static class Msg {

        /** The default of {@code dtm.msg.query-prepared-path}. */
        public static final String DEFAULT_QUERY_PREPARED_PATH = "/dtm/queryPrepared";

        /** Path of the query-prepared endpoint the starter serves for the server's back-check. */
        private String queryPreparedPath = DEFAULT_QUERY_PREPARED_PATH;

        /**
         * Full URL the server calls for the back-check; unset for this application's address and the path above
         * (set it when the server reaches the application under another name).
         */
        private String queryPreparedUrl;

        /**
         * Path of the query-prepared endpoint.
         *
         * @return the value
         */
        public String getQueryPreparedPath() {
            return queryPreparedPath;
        }

        /**
         * Path of the query-prepared endpoint.
         *
         * @param queryPreparedPath the value
         */
        public void setQueryPreparedPath(String queryPreparedPath) {
            this.queryPreparedPath = queryPreparedPath;
        }

        /**
         * Full URL the server calls for the back-check.
         *
         * @return the value
         */
        public String getQueryPreparedUrl() {
            return queryPreparedUrl;
        }

        /**
         * Full URL the server calls for the back-check.
         *
         * @param queryPreparedUrl the value
         */
        public void setQueryPreparedUrl(String queryPreparedUrl) {
            this.queryPreparedUrl = queryPreparedUrl;
        }
    }

    /**
     * The annotation support ({@code dtm.annotations.*}).
     */
    public static class Annotations {

        /** Whether @DtmSaga and @DtmTcc methods are woven. */
        private boolean enabled = true;

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         */
        private int order = Ordered.LOWEST_PRECEDENCE - 100;

        /**
         * Whether @DtmSaga and @DtmTcc methods are woven.
         *
         * @return the value
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Whether @DtmSaga and @DtmTcc methods are woven.
         *
         * @param enabled the value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         *
         * @return the value
         */
        public int getOrder() {
            return order;
        }

        /**
         * Order of the DTM advisor; the default runs it outside @Transactional (whose order is the lowest precedence).
         *
         * @param order the value
         */
        public void setOrder(int order) {
            this.order = order;
        }

    }

}
