package io.dtm4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.Workflow;
import io.dtm4j.client.Workflows;
import io.dtm4j.spring.annotation.DtmWorkflow;
import io.dtm4j.spring.internal.DtmWorkflowAdvisor;
import io.dtm4j.spring.web.WorkflowResumeController;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class DtmWorkflowAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("dtm.server-url=http://127.0.0.1:9")
            .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class,
                    DtmWorkflowAutoConfiguration.class));

    static class Transfers {
        @DtmWorkflow("transfer")
        public String transfer(Workflow wf, String input) {
            return input;
        }

        @DtmWorkflow("refund")
        public void refund(Workflow wf) {
        }
    }

    static class NoHandle {
        @DtmWorkflow("transfer")
        public void transfer(String input) {
        }
    }

    static class TwoInputs {
        @DtmWorkflow("transfer")
        public void transfer(Workflow wf, String a, String b) {
        }
    }

    static class Transactional {
        @DtmWorkflow("tx")
        @org.springframework.transaction.annotation.Transactional
        public void transfer(Workflow wf) {
        }
    }

    static class SameName {
        @DtmWorkflow("transfer")
        public void again(Workflow wf) {
        }
    }

    @Test
    void registersAnnotatedMethodsByNameAndProxiesTheirBeans() {
        runner.withBean(Transfers.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Workflows.class).hasSingleBean(DtmWorkflowAdvisor.class);
            assertThat(ctx.getBean(Workflows.class).names()).containsExactlyInAnyOrder("transfer", "refund");
            assertThat(AopUtils.isAopProxy(ctx.getBean(Transfers.class))).isTrue();
            assertThat(ctx).doesNotHaveBean(WorkflowResumeController.class);
        });
    }

    @Test
    void aWrongSignatureOrADuplicateNameFailsTheStartWithTheMethodAndTheFix() {
        runner.withBean(NoHandle.class).run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining("@DtmWorkflow(\"transfer\") on " + NoHandle.class.getName() + ".transfer has no"
                        + " Workflow parameter"));
        runner.withBean(TwoInputs.class).run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining("has 3 parameters (a workflow takes the Workflow handle and at most one"
                        + " input"));
        runner.withBean(Transactional.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining("is @Transactional: its steps would be undone"));
        runner.withBean(Transfers.class).withBean(SameName.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining("workflow 'transfer' is already registered (give each workflow its own"));
    }

    @Test
    void aServletApplicationServesTheResumeEndpoint() {
        new WebApplicationContextRunner().withPropertyValues("dtm.server-url=http://127.0.0.1:9")
                .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class,
                        DtmWorkflowAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(WorkflowResumeController.class));
    }
}
