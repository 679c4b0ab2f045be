package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.DtmClientBuilder;

/**
 * Changes the auto-configured {@code DtmClient} before it is built: every bean of this type is applied, in order.
 *
 * <pre>{@code
 * @Bean
 * DtmClientCustomizer sharedHttp(OkHttpClient http) {
 *     return builder -> builder.httpClient(http);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DtmClientCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the {@code dtm.*} settings applied
     */
    void customize(DtmClientBuilder builder);
}
