package io.dtm4j.feign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DtmFeignAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmFeignAutoConfiguration.class));

    @Test
    void registersTheInterceptorUnlessSwitchedOffOrDefinedByTheApplication() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(DtmContextInterceptor.class));
        runner.withPropertyValues("dtm.feign.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DtmContextInterceptor.class));
        DtmContextInterceptor own = new DtmContextInterceptor(7);
        runner.withBean(DtmContextInterceptor.class, () -> own)
                .run(ctx -> assertThat(ctx.getBean(DtmContextInterceptor.class).getOrder()).isEqualTo(7));
    }
}
