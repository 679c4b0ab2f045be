package io.dtm4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.Saga;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each fault against a real HTTP participant driven by the real server in the test's JVM: what the participant
 * receives, what the server records and how the transaction ends.
 */
@DtmServerTest
class BranchFaultsTest {

    private final Participant app = new Participant();

    @AfterEach
    void stop() {
        app.close();
    }

    private String saga(DtmClient client) {
        Saga saga = client.saga().retryInterval(Duration.ofSeconds(1))
                .add(app.url("/TransOut"), app.url("/TransOutRevert"), Map.of("amount", 30))
                .add(app.url("/TransIn"), app.url("/TransInRevert"), Map.of("amount", 30));
        return saga.submit();
    }

    @Test
    void withoutFaultsEveryCallIsRecordedInOrder(DtmTestServer dtm) {
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action SUCCESS");
        assertThat(dtm.calls(gid).get(1).url()).isEqualTo(app.url("/TransIn"));
        assertThat(dtm.calls(gid)).allMatch(c -> c.fault() == null && c.reachedApplication() && c.status() == 200);
        assertThat(app.received()).containsExactly("/TransOut action {\"amount\":30}",
                "/TransIn action {\"amount\":30}");
    }

    @Test
    void callTwiceDeliversTheSameActionTwice(DtmTestServer dtm) {
        dtm.inject(BranchFault.callTwice().on("/TransIn"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(app.received()).containsExactly("/TransOut action {\"amount\":30}",
                "/TransIn action {\"amount\":30}", "/TransIn action {\"amount\":30}");
        assertThat(dtm.calls(gid).get(2).fault()).isEqualTo("call twice on */TransIn");
        assertThat(dtm.pendingFaults()).isEmpty();
    }

    @Test
    void ongoingAnswersInThePlaceOfTheApplicationThenTheRealCallGoesThrough(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(2).on("/TransIn"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 action ONGOING",
                "02 action ONGOING", "02 action SUCCESS");
        assertThat(dtm.calls(gid)).extracting(BranchCall::reachedApplication).containsExactly(true, false, false,
                true);
        assertThat(app.received()).hasSize(2);
    }

    @Test
    void anErrorIsRetriedAndAFailureRollsBackNewestFirst(DtmTestServer dtm) {
        dtm.inject(BranchFault.error(1).on("/TransOut")).inject(BranchFault.failure().on("/TransIn"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.FAILED);

        assertThat(dtm.callSummary(gid)).containsExactly("01 action ERROR", "01 action SUCCESS",
                "02 action FAILURE", "02 compensate SUCCESS", "01 compensate SUCCESS");
        assertThat(app.received()).containsExactly("/TransOut action {\"amount\":30}",
                "/TransInRevert compensate {\"amount\":30}", "/TransOutRevert compensate {\"amount\":30}");
    }

    @Test
    void aLostReplyMakesTheServerCallAgainAfterTheWorkRan(DtmTestServer dtm) {
        dtm.inject(BranchFault.loseReply().on("/TransOut"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(app.received()).filteredOn(r -> r.startsWith("/TransOut ")).hasSize(2);
        assertThat(dtm.calls(gid).get(0).fault()).isEqualTo("lose the reply on */TransOut");
    }

    @Test
    void compensationFirstSendsTheCompensationWithItsPayloadBeforeTheAction(DtmTestServer dtm) {
        dtm.inject(BranchFault.compensationFirst().on("/TransIn"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(app.received()).containsExactly("/TransOut action {\"amount\":30}",
                "/TransInRevert compensate {\"amount\":30}", "/TransIn action {\"amount\":30}");
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "02 compensate SUCCESS",
                "02 action SUCCESS");
    }

    @Test
    void tryAfterCancelSendsTheTryDataToTheTryUrlAfterTheCancel(DtmTestServer dtm) {
        dtm.inject(BranchFault.tryAfterCancel(app.url("/TransInTry")));
        app.answer("/TransInTry", 409);

        String gid = dtm.client().newGid();
        assertThatThrownBy(() -> dtm.client().tcc(gid, TransOptions.defaults(), tcc -> tcc.callBranch(
                Map.of("amount", 30), app.url("/TransInTry"), app.url("/TransInConfirm"), app.url("/TransInCancel"))))
                .isInstanceOf(DtmTransactionFailedException.class).hasCauseInstanceOf(DtmFailureException.class);
        // The try failed: the client aborted, so the server cancels, then the fault delivers the try late.
        dtm.awaitStatus(gid, TransStatus.FAILED);

        assertThat(app.received()).containsExactly("/TransInTry try {\"amount\":30}",
                "/TransInCancel cancel {\"amount\":30}", "/TransInTry try {\"amount\":30}");
        assertThat(dtm.callSummary(gid)).containsExactly("01 cancel SUCCESS", "01 try FAILURE");
    }

    @Test
    void aDelayHoldsTheCallBack(DtmTestServer dtm) {
        dtm.inject(BranchFault.delay(Duration.ofMillis(400)).on("/TransOut"));
        long start = System.nanoTime();
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aDelayBeyondTheRequestTimeoutIsATimeoutForTheServerAndALateCallForTheApplication(DtmTestServer dtm) {
        dtm.inject(BranchFault.delay(Duration.ofMillis(1800)).on("/TransOut"));
        String gid = dtm.client().saga().retryInterval(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(1))
                .add(app.url("/TransOut"), app.url("/TransOutRevert"), Map.of("amount", 30)).submit();

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(app.received()).containsExactly("/TransOut action {\"amount\":30}",
                "/TransOut action {\"amount\":30}");
        assertThat(dtm.calls(gid).get(0).fault()).endsWith("(arrived after the server's timeout)");
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "01 action SUCCESS");
    }

    @Test
    void faultsNarrowedToAnotherGidOrOpLeaveTheCallAlone(DtmTestServer dtm) {
        dtm.inject(BranchFault.failure().on("/TransIn").gid("another")).inject(BranchFault.failure().op("cancel"));
        String gid = saga(dtm.client());

        dtm.awaitStatus(gid, TransStatus.SUCCEED);

        assertThat(dtm.pendingFaults()).hasSize(2);
    }

    @Test
    void awaitTellsWhatIsTrueWhenTheTransactionIsNotFinal(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(100).on("/TransIn"));
        String gid = saga(dtm.client());

        assertThatThrownBy(() -> dtm.awaitFinal(gid, Duration.ofMillis(1500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gid " + gid + " is not final yet after 1500 ms: its status is 'submitted'")
                .hasMessageContaining("02 action ONGOING")
                .hasMessageContaining("faults not yet spent: [answer 425");
        assertThatThrownBy(() -> dtm.awaitFinal("never-submitted", Duration.ofMillis(100)))
                .hasMessageContaining("unknown to the server");
    }

    @Test
    void awaitStatusNamesTheOutcomeItGot(DtmTestServer dtm) {
        app.answer("/TransIn", 409);
        String gid = saga(dtm.client());

        assertThatThrownBy(() -> dtm.awaitStatus(gid, TransStatus.SUCCEED))
                .hasMessageContaining("gid " + gid + " ended 'failed', expected 'succeed'")
                .hasMessageContaining("02 action FAILURE");
    }

    @Test
    void retryNowMakesAWaitingRetryDueAtOnce(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(1).on("/TransIn"));
        String gid = dtm.client().saga().retryInterval(Duration.ofSeconds(60))
                .add(app.url("/TransIn"), app.url("/TransInRevert"), Map.of()).submit();
        while (dtm.calls(gid).isEmpty()) {
            Thread.onSpinWait();
        }

        assertThat(dtm.retryNow()).isEqualTo(1);

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action ONGOING", "01 action SUCCESS");
    }

    @Test
    void resetForceStopsWhatEarlierTestsLeftUnfinished(DtmTestServer dtm) {
        dtm.inject(BranchFault.ongoing(100).on("/TransIn"));
        String gid = saga(dtm.client());
        while (dtm.calls(gid).isEmpty()) {
            Thread.onSpinWait();
        }

        dtm.reset();

        assertThat(dtm.awaitFinal(gid).status()).isEqualTo(TransStatus.FAILED);
        assertThat(dtm.pendingFaults()).isEmpty();
        assertThat(dtm.calls(gid)).isEmpty();
    }

    @Test
    void badFaultsAreRefusedAtOnce() {
        assertThatThrownBy(() -> BranchFault.ongoing(0)).hasMessage("times must be 1 or more but was 0");
        assertThatThrownBy(() -> BranchFault.delay(Duration.ofSeconds(-1)))
                .hasMessage("the delay must be zero or more but was PT-1S");
        assertThatThrownBy(() -> BranchFault.tryAfterCancel("/TransInTry"))
                .hasMessage("tryAfterCancel needs the try's http(s) URL but got '/TransInTry'");
    }
}
