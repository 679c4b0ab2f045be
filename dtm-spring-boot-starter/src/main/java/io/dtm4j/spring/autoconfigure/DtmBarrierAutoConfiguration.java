package io.dtm4j.spring.autoconfigure;

import io.dtm4j.client.MsgLocalTransaction;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.spring.DtmConfigurationException;
import io.dtm4j.spring.internal.BarrierAdvisor;
import io.dtm4j.spring.internal.BarrierCleanup;
import io.dtm4j.spring.internal.Barriers;
import io.dtm4j.spring.internal.DtmAnnotationAdvisor;
import io.dtm4j.spring.internal.SpringMsgTransaction;
import io.dtm4j.spring.internal.StartupChecks;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The JDBC barrier ({@code dtm.barrier.table}) and the advisor behind {@code @DtmBarrier}, when Spring JDBC and
 * Spring transactions are on the classpath. Off with {@code dtm.barrier.enabled=false}.
 */
@AutoConfiguration(after = DtmAutoConfiguration.class, afterName = {
    "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration",
    "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.jdbc.datasource.DataSourceUtils",
    "org.springframework.transaction.support.TransactionTemplate"})
@ConditionalOnProperty(prefix = "dtm.barrier", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(AutoProxyRegistrar.class)
public class DtmBarrierAutoConfiguration {

    /**
     * The barrier on the table of {@code dtm.barrier.table}, dialect detected from each DataSource.
     *
     * @param properties the settings
     * @return the barrier
     */
    @Bean
    @ConditionalOnMissingBean
    public JdbcBarrier dtmJdbcBarrier(DtmProperties properties) {
        return JdbcBarrier.builder().table(properties.getBarrier().getTable())
                .logDecisions(properties.getBarrier().isLogDecisions()).build();
    }

    /**
     * Checks, once the beans exist, the DataSources, transaction managers and barrier table that {@code @DtmMsg}
     * and {@code @DtmBarrier} methods need.
     *
     * @param beans the bean factory
     * @param barrier the barrier
     * @param annotations the annotation advisor, if any
     * @param barriers the barrier advisor, if any
     * @param properties {@code dtm.barrier.initialize-schema}
     * @return the checks
     */
    @Bean
    @ConditionalOnMissingBean
    public StartupChecks dtmStartupChecks(ListableBeanFactory beans, JdbcBarrier barrier,
            ObjectProvider<DtmAnnotationAdvisor> annotations, ObjectProvider<BarrierAdvisor> barriers,
            DtmProperties properties) {
        return new StartupChecks(beans, barrier, annotations, barriers,
                properties.getBarrier().getInitializeSchema());
    }

    /**
     * The barriers of every DataSource, shared by the advisor, {@code @DtmMsg}, the back-check endpoint and the
     * start-up checks.
     *
     * @param beans where the {@code JdbcBarrier} bean and the rows providers are looked up
     * @return the barriers
     */
    @Bean
    @ConditionalOnMissingBean
    public Barriers dtmBarriers(ListableBeanFactory beans) {
        return new Barriers(beans);
    }

    /**
     * How {@code DtmTemplate.msg().doAndSubmit} runs a message's local transaction: in the caller's Spring
     * transaction (or a new one on the primary DataSource), with the message's barrier row in the configured table;
     * the work as it is when the application has no DataSource. Replace it with a bean of your own.
     *
     * @param beans where the DataSource and its transaction manager are looked up
     * @param barriers the barriers
     * @return the strategy
     */
    @Bean
    @ConditionalOnMissingBean
    public MsgLocalTransaction dtmMsgLocalTransaction(ListableBeanFactory beans, Barriers barriers) {
        return new SpringMsgTransaction(beans, barriers);
    }

    /**
     * Deletes barrier rows older than {@code dtm.barrier.cleanup.retention} every
     * {@code dtm.barrier.cleanup.interval}; off with {@code dtm.barrier.cleanup.enabled=false}.
     *
     * @param checks the DataSources guarded methods use
     * @param barriers their barriers
     * @param properties {@code dtm.barrier.cleanup.*}
     * @return the cleanup
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "dtm.barrier.cleanup", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public BarrierCleanup dtmBarrierCleanup(StartupChecks checks, Barriers barriers, DtmProperties properties) {
        DtmBarrierProperties.Cleanup c = properties.getBarrier().getCleanup();
        try {
            return new BarrierCleanup(checks::guardedDataSources, barriers, c.getRetention(), c.getInterval(),
                    c.getBatchSize());
        } catch (IllegalArgumentException e) {
            throw new DtmConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * The advisor of {@code @DtmBarrier}, ordered by {@code dtm.barrier.order}.
     *
     * @param beans where DataSources, transaction managers and the barrier are looked up on first use
     * @param environment to read the order without binding the properties early
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static BarrierAdvisor dtmBarrierAdvisor(ListableBeanFactory beans, Environment environment) {
        int order = environment.getProperty("dtm.barrier.order", Integer.class,
                new DtmBarrierProperties().getOrder());
        return new BarrierAdvisor(beans, order);
    }
}
