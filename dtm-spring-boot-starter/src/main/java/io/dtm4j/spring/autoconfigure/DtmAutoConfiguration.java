package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmClientBuilder;
import io.dtm4j.client.MsgLocalTransaction;
import io.dtm4j.spring.DtmConfigurationException;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.internal.ServerReport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The DTM client and {@link DtmTemplate}, from {@code dtm.*}; each backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(DtmProperties.class)
public class DtmAutoConfiguration {

    /**
     * The client, with {@code dtm.server-url} and the timeouts, then every {@link DtmClientCustomizer}.
     *
     * @param properties the settings
     * @param customizers the customizers, in order
     * @return the client
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmClient dtmClient(DtmProperties properties, ObjectProvider<DtmClientCustomizer> customizers) {
        DtmClientBuilder builder = DtmClient.builder().serverUrl(properties.getServerUrl())
                .connectTimeout(properties.getConnectTimeout()).readTimeout(properties.getReadTimeout());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DtmConfigurationException("the DTM client cannot be built from dtm.server-url '"
                    + properties.getServerUrl() + "' and the DtmClientCustomizer beans: " + e.getMessage(), e);
        }
    }

    /**
     * This application's own URLs for DTM to call back ({@code dtm.self-url}, else the running web server's).
     *
     * @param environment the environment
     * @return the resolver
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmSelfUrl dtmSelfUrl(Environment environment) {
        return new DtmSelfUrl(environment);
    }

    /**
     * Logs, once the application is ready, which DTM server it uses and whether it answered.
     *
     * @param client the client
     * @return the listener
     */
    @Bean
    @ConditionalOnProperty(prefix = "dtm", name = "report-server-at-start", havingValue = "true",
            matchIfMissing = true)
    public ServerReport dtmServerReport(DtmClient client) {
        return new ServerReport(client);
    }

    /**
     * The template, with {@code dtm.options.*} as the options of new transactions.
     *
     * @param client the client
     * @param properties the settings
     * @param msgLocalTransaction how messages run their local transaction (the Spring one of the barrier
     *     auto-configuration, else the work as it is)
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean
    public DtmTemplate dtmTemplate(DtmClient client, DtmProperties properties,
            ObjectProvider<MsgLocalTransaction> msgLocalTransaction) {
        return new DtmTemplate(client, properties.getOptions().toTransOptions(),
                msgLocalTransaction.getIfAvailable(MsgLocalTransaction::direct));
    }
}
