package io.dtm4j.samples.support;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every sample gets: the {@link BranchCalls} record (printed unless {@code sample.print-calls=false}) and the
 * interceptor that fills it.
 */
@AutoConfiguration
public class SampleSupportAutoConfiguration {

    /**
     * The branch calls served.
     *
     * @param environment for {@code sample.print-calls}
     * @return the record
     */
    @Bean
    @ConditionalOnMissingBean
    public BranchCalls branchCalls(Environment environment) {
        return new BranchCalls(environment.getProperty("sample.print-calls", Boolean.class, true) ? System.out : null);
    }

    /**
     * Registers the interceptor.
     *
     * @param calls the record
     * @return the MVC configuration
     */
    @Bean
    public WebMvcConfigurer branchCallRecording(BranchCalls calls) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new BranchCallInterceptor(calls));
            }
        };
    }
}
