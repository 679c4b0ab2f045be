package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.Tcc;
import io.dtm4j.spring.annotation.DtmSaga;
import io.dtm4j.spring.internal.DtmAnnotationAdvisor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

class DtmAnnotationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class,
                    DtmAnnotationAutoConfiguration.class));

    static class Annotated {
        @DtmSaga
        public void transfer() {
        }
    }

    static class Plain {
        public void transfer() {
        }
    }

    static class WrongParameter {
        @DtmSaga
        public void transfer(Tcc tcc) {
        }
    }

    static class BadDuration {
        @DtmSaga(timeoutToFail = "sixty seconds")
        public void transfer() {
        }
    }

    @Test
    void proxiesAnnotatedBeansOnlyWithAnAdvisorOutsideTransactional() {
        runner.withBean(Annotated.class).withBean(Plain.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(DtmAnnotationAdvisor.class);
            assertThat(ctx.getBean(DtmAnnotationAdvisor.class).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 100);
            assertThat(AopUtils.isAopProxy(ctx.getBean(Annotated.class))).isTrue();
            assertThat(AopUtils.isAopProxy(ctx.getBean(Plain.class))).isFalse();
        });
    }

    @Test
    void theOrderAndTheSwitchAreProperties() {
        runner.withPropertyValues("dtm.annotations.order=5").run(ctx ->
                assertThat(ctx.getBean(DtmAnnotationAdvisor.class).getOrder()).isEqualTo(5));
        runner.withPropertyValues("dtm.annotations.enabled=false").withBean(Annotated.class).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(DtmAnnotationAdvisor.class);
            assertThat(AopUtils.isAopProxy(ctx.getBean(Annotated.class))).isFalse();
        });
    }

    @Test
    void aParameterTheInterceptorCannotProvideStopsTheStart() {
        runner.withBean(WrongParameter.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("WrongParameter.transfer() is a @DtmSaga"
                    + " method but parameter 0 is a Tcc, which it cannot provide (declare a Saga parameter");
        });
    }

    @Test
    void aDurationThatDoesNotParseStopsTheStart() {
        runner.withBean(BadDuration.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("@DtmSaga(timeoutToFail = \"sixty seconds\")"
                    + " on DtmAnnotationAutoConfigurationTest.BadDuration.transfer() is not a duration");
        });
    }
}
