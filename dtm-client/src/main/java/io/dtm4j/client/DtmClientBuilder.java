package io.dtm4j.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.internal.Json;
import io.dtm4j.client.internal.Urls;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Builds a {@link DtmClient}. Not thread-safe.
 *
 * <pre>{@code
 * DtmClient dtm = DtmClient.builder()
 *         .serverUrl("http://dtm:36789/api/dtmsvr")
 *         .readTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class DtmClientBuilder {

    private String serverUrl;
    private OkHttpClient httpClient;
    private Duration connectTimeout;
    private Duration readTimeout;
    private ObjectMapper objectMapper;

    DtmClientBuilder() {
    }

    /**
     * Sets the DTM API base (required).
     *
     * @param serverUrl e.g. {@code http://localhost:36789/api/dtmsvr}
     * @return this builder
     */
    public DtmClientBuilder serverUrl(String serverUrl) {
        this.serverUrl = serverUrl;
        return this;
    }

    /**
     * Shares an existing OkHttp client (its pools and dispatcher); timeouts set on this builder are applied to a
     * derived client.
     *
     * @param httpClient the client
     * @return this builder
     */
    public DtmClientBuilder httpClient(OkHttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return this;
    }

    /**
     * Sets the connect timeout (default {@link DtmClient#DEFAULT_CONNECT_TIMEOUT}).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public DtmClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        return this;
    }

    /**
     * Sets the read timeout (default {@link DtmClient#DEFAULT_READ_TIMEOUT}).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public DtmClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = positive("readTimeout", timeout);
        return this;
    }

    /**
     * Sets the Jackson mapper used for payloads (default: a plain {@code ObjectMapper}).
     *
     * @param objectMapper the mapper
     * @return this builder
     */
    public DtmClientBuilder objectMapper(ObjectMapper objectMapper) {
        this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
        return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException when the server URL is missing or not an http(s) URL
     */
    public DtmClient build() {
        HttpUrl server = Urls.server(serverUrl);
        OkHttpClient http = httpClient;
        if (http == null) {
            http = new OkHttpClient.Builder()
                    .connectTimeout(orDefault(connectTimeout, DtmClient.DEFAULT_CONNECT_TIMEOUT))
                    .readTimeout(orDefault(readTimeout, DtmClient.DEFAULT_READ_TIMEOUT)).build();
        } else if (connectTimeout != null || readTimeout != null) {
            OkHttpClient.Builder b = http.newBuilder();
            if (connectTimeout != null) {
                b.connectTimeout(connectTimeout);
            }
            if (readTimeout != null) {
                b.readTimeout(readTimeout);
            }
            http = b.build();
        }
        return new DtmClient(server, http, objectMapper == null ? Json.defaultMapper() : objectMapper);
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value
                    + " (for example Duration.ofSeconds(10))");
        }
        return value;
    }
}
