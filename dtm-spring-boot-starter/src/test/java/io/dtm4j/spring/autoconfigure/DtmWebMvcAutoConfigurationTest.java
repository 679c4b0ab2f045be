package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.spring.web.DtmBranchErrorHandler;
import io.dtm4j.spring.web.DtmExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class DtmWebMvcAutoConfigurationTest {

    @Test
    void aServletWebApplicationGetsTheExceptionMappingAndTheArgumentResolver() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(DtmWebMvcAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(DtmExceptionHandler.class)
                        .hasSingleBean(DtmBranchErrorHandler.class).hasBean("dtmBranchContextConfigurer"));
    }

    @Test
    void anApplicationWithoutAWebServerGetsNeither() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DtmWebMvcAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DtmExceptionHandler.class)
                        .doesNotHaveBean("dtmBranchContextConfigurer"));
    }

    @Test
    void backsOffForTheApplicationsHandler() {
        DtmExceptionHandler own = new DtmExceptionHandler();
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(DtmWebMvcAutoConfiguration.class))
                .withBean(DtmExceptionHandler.class, () -> own)
                .run(ctx -> assertThat(ctx.getBean(DtmExceptionHandler.class)).isSameAs(own));
    }
}
