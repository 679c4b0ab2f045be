package io.dtm4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.TransQueryResult;
import io.dtm4j.client.TransStatus;
import io.dtm4j.spring.autoconfigure.DtmAnnotationAutoConfiguration;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import io.dtm4j.test.DtmServerExtension;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code @DtmSaga} and {@code @DtmTcc} against a real (in-process) DTM server and a real HTTP branch service. */
class DtmAnnotationsIntegrationTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private Rm rm;

    @BeforeEach
    void startRm() throws Exception {
        rm = new Rm();
    }

    private void withService(Consumer<TransferService> test) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DtmAutoConfiguration.class,
                        DtmAnnotationAutoConfiguration.class))
                .withPropertyValues("dtm.server-url=" + dtmServer.server().url())
                .withBean(TransferService.class, () -> new TransferService(rm))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    test.accept(ctx.getBean(TransferService.class));
                });
        rm.close();
    }

    private static TransQueryResult query(String gid) {
        return dtmServer.server().client().query(gid);
    }

    private static TransStatus awaitFinal(String gid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            TransStatus s = query(gid).status();
            if (s == TransStatus.SUCCEED || s == TransStatus.FAILED) {
                return s;
            }
            Thread.sleep(50);
        }
        return query(gid).status();
    }

    @Test
    void aSagaMethodIsSubmittedWhenItReturns() {
        withService(service -> {
            String gid = service.transfer(null, 30);

            assertThat(query(gid).status()).isEqualTo(TransStatus.SUCCEED);
            assertThat(rm.calls()).containsExactly("/out", "/in");
        });
    }

    @Test
    void aSagaMethodThatThrowsIsNeverSubmitted() {
        withService(service -> {
            assertThatThrownBy(() -> service.failsBeforeTheSubmit(null)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no funds");

            assertThat(query(service.lastGid()).transaction()).isEmpty();
            assertThat(rm.calls()).isEmpty();
        });
    }

    @Test
    void noRollbackForSubmitsThenRethrows() {
        withService(service -> {
            assertThatThrownBy(() -> service.submitsDespiteAWarning(null))
                    .isInstanceOf(TransferService.AuditWarning.class);

            assertThat(query(service.lastGid()).status()).isEqualTo(TransStatus.SUCCEED);
        });
    }

    @Test
    void aSagaMarkedForAbortIsNotSubmittedAndTheMethodReturnsNormally() {
        withService(service -> {
            service.marksForAbort();

            assertThat(query(service.lastGid()).transaction()).isEmpty();
            assertThat(rm.calls()).isEmpty();
        });
    }

    @Test
    void aTccMethodConfirmsWhenItReturns() {
        withService(service -> {
            String gid = service.reserve(null, 5);

            assertThat(query(gid).status()).isEqualTo(TransStatus.SUCCEED);
            assertThat(rm.calls()).containsExactly("/try1", "/try2", "/confirm2", "/confirm1");
        });
    }

    @Test
    void aTccMethodThatThrowsIsCancelledWithTheErrorAsReasonAndTheOriginalErrorReachesTheCaller() {
        withService(service -> {
            assertThatThrownBy(() -> service.reserveThenFail(null)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("stock check failed");
            try {
                assertThat(awaitFinal(service.lastGid())).isEqualTo(TransStatus.FAILED);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(query(service.lastGid()).transaction().orElseThrow().rollbackReason())
                    .isEqualTo("stock check failed");
            assertThat(rm.calls()).containsExactly("/try1", "/cancel1");
        });
    }

    @Test
    void aTccMarkedForAbortIsCancelledWithItsReason() {
        withService(service -> {
            service.reserveButMarkForAbort();
            try {
                assertThat(awaitFinal(service.lastGid())).isEqualTo(TransStatus.FAILED);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(query(service.lastGid()).transaction().orElseThrow().rollbackReason())
                    .isEqualTo("customer changed their mind");
        });
    }
}
