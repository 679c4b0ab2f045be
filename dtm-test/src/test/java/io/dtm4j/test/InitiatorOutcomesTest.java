package io.dtm4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an initiator is told when a transaction does not simply succeed, against the real server: one exception
 * family whatever the mode, and never "failed" for a transaction the server is still retrying.
 */
@DtmServerTest
class InitiatorOutcomesTest {

    private final Participant app = new Participant();

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aBranchUrlWithATypoIsReportedAsStillRunningNotAsFailed(DtmTestServer dtm) {
        app.answer("/TransInn", 404);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> dtm.client().saga(gid).waitResult(true).retryInterval(Duration.ofSeconds(5))
                .add(app.url("/TransOut"), app.url("/TransOutRevert"), Map.of())
                .add(app.url("/TransInn"), app.url("/TransInRevert"), Map.of()).submit())
                .isInstanceOfSatisfying(DtmTransactionPendingException.class, e -> {
                    assertThat(e.gid()).isEqualTo(gid);
                    assertThat(e.transType()).isEqualTo(TransType.SAGA);
                    assertThat(e.status()).isEqualTo(TransStatus.SUBMITTED);
                    assertThat(e.isFinal()).isFalse();
                    assertThat(e.branchId()).isEqualTo("02");
                    assertThat(e.op()).isEqualTo("action");
                    assertThat(e.branchUrl()).isEqualTo(app.url("/TransInn"));
                    assertThat(e.reason()).contains("404");
                    // An error doubles the transaction's interval of 5 s: the next try comes in 10 s.
                    assertThat(e.retryIntervalSeconds()).isEqualTo(10);
                })
                .hasMessageStartingWith("saga gid '" + gid + "' is not finished yet (status 'submitted'): branch 02"
                        + " action at " + app.url("/TransInn") + " answered '")
                .hasMessageContaining("the server retries it every 10 s")
                .hasMessageContaining("query the gid for the outcome instead of treating it as failed")
                .hasCauseInstanceOf(DtmFailureException.class);

        assertThat(dtm.client().query(gid).status()).as("what the server says").isEqualTo(TransStatus.SUBMITTED);
    }

    @Test
    void aStepAnsweringOngoingIsStillRunning(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(1).on("/TransIn"));
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> dtm.client().saga(gid).waitResult(true).retryInterval(Duration.ofSeconds(1))
                .add(app.url("/TransIn"), app.url("/TransInRevert"), Map.of()).submit())
                .isInstanceOfSatisfying(DtmTransactionPendingException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.SUBMITTED);
                    assertThat(e.branchId()).isEqualTo("01");
                });

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
    }

    @Test
    void aFailingStepIsReportedAsFailedWithTheBranchAndItsAnswer(DtmTestServer dtm) {
        app.answer("/TransIn", 409);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> dtm.client().saga(gid).waitResult(true)
                .add(app.url("/TransOut"), app.url("/TransOutRevert"), Map.of())
                .add(app.url("/TransIn"), app.url("/TransInRevert"), Map.of()).submit())
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(TransStatus.FAILED);
                    assertThat(e.isFinal()).isTrue();
                    assertThat(e.branchId()).isEqualTo("02");
                    assertThat(e.branchUrl()).isEqualTo(app.url("/TransIn"));
                    assertThat(e.reason()).contains("FAILURE");
                })
                .hasMessageStartingWith("saga gid '" + gid + "' failed and was rolled back (status 'failed'): branch"
                        + " 02 action at " + app.url("/TransIn"))
                .hasMessageEndingWith("; the outcome is final");
    }

    @Test
    void aMessageWithAStepStillRunningIsNotReportedAsFailed(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(1).on("/Notify"));
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> dtm.client().msg(gid).waitResult(true).retryInterval(Duration.ofSeconds(1))
                .add(app.url("/Notify"), Map.of()).submit())
                .isInstanceOfSatisfying(DtmTransactionPendingException.class, e -> {
                    assertThat(e.transType()).isEqualTo(TransType.MSG);
                    assertThat(e.status()).isEqualTo(TransStatus.SUBMITTED);
                    assertThat(e.branchId()).isEqualTo("01");
                });

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
    }

    @Test
    void aFailedTryIsATransactionFailureWithTheTryAsCause(DtmTestServer dtm) {
        app.answer("/TransInTry", 409);
        String gid = dtm.client().newGid();

        assertThatThrownBy(() -> dtm.client().tcc(gid, TransOptions.defaults(), tcc -> tcc.callBranch(Map.of(),
                app.url("/TransInTry"), app.url("/TransInConfirm"), app.url("/TransInCancel"))))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.transType()).isEqualTo(TransType.TCC);
                    assertThat(e.status()).isEqualTo(TransStatus.ABORTING);
                    assertThat(e.branchId()).isEqualTo("01");
                    assertThat(e.op()).isEqualTo("try");
                })
                .hasCauseInstanceOf(DtmFailureException.class);

        dtm.awaitStatus(gid, TransStatus.FAILED);
        assertThat(app.received()).containsExactly("/TransInTry try {}", "/TransInCancel cancel {}");
    }

    @Test
    void aSuccessIsJustASuccess(DtmTestServer dtm) {
        String gid = dtm.client().newGid();

        dtm.client().saga(gid).waitResult(true).add(app.url("/TransIn"), app.url("/TransInRevert"), Map.of())
                .submit();

        assertThat(dtm.client().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
    }
}
