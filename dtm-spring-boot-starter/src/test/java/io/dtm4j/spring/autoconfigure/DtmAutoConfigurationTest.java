package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransOptions;
import io.dtm4j.spring.DtmTemplate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DtmAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class));

    @Test
    void providesAClientAndATemplateFromTheProperties() {
        runner.withPropertyValues("dtm.server-url=http://dtm.example:36789/api/dtmsvr",
                "dtm.options.timeout-to-fail=60s", "dtm.options.wait-result=true", "dtm.options.retry-limit=5",
                "dtm.options.branch-headers.x-tenant=acme").run(ctx -> {
                    assertThat(ctx).hasSingleBean(DtmClient.class).hasSingleBean(DtmTemplate.class);
                    assertThat(ctx.getBean(DtmClient.class).serverUrl())
                            .isEqualTo("http://dtm.example:36789/api/dtmsvr");
                    TransOptions defaults = ctx.getBean(DtmTemplate.class).defaultOptions();
                    assertThat(defaults.timeoutToFail()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(defaults.waitResult()).isTrue();
                    assertThat(defaults.retryLimit()).isEqualTo(5);
                    assertThat(defaults.branchHeaders()).containsEntry("x-tenant", "acme");
                });
    }

    @Test
    void withoutPropertiesItTalksToALocalServerWithTheServersDefaults() {
        runner.run(ctx -> {
            assertThat(ctx.getBean(DtmClient.class).serverUrl()).isEqualTo("http://localhost:36789/api/dtmsvr");
            assertThat(ctx.getBean(DtmTemplate.class).defaultOptions()).isEqualTo(TransOptions.defaults());
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBeans() {
        DtmClient own = DtmClient.create("http://own:1/api/dtmsvr");
        DtmTemplate template = new DtmTemplate(own, TransOptions.defaults());
        runner.withBean(DtmClient.class, () -> own).withBean(DtmTemplate.class, () -> template).run(ctx -> {
            assertThat(ctx.getBean(DtmClient.class)).isSameAs(own);
            assertThat(ctx.getBean(DtmTemplate.class)).isSameAs(template);
        });
    }

    @Test
    void customizersChangeTheClientInOrder() {
        runner.withBean("first", DtmClientCustomizer.class, () -> b -> b.serverUrl("http://first:1/api/dtmsvr"))
                .run(ctx -> assertThat(ctx.getBean(DtmClient.class).serverUrl())
                        .isEqualTo("http://first:1/api/dtmsvr"));
    }

    @Test
    void anInvalidServerUrlStopsTheStartWithTheRemedy() {
        runner.withPropertyValues("dtm.server-url=localhost:36789").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class);
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining(
                    "the DTM client cannot be built from dtm.server-url 'localhost:36789'")
                    .hasStackTraceContaining("(use for example http://localhost:36789/api/dtmsvr)");
        });
    }
}
