package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.BranchService;
import io.dtm4j.server.support.ServerFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The saga scenarios of spec §13, through the HTTP API, with the dtm-client and a real branch service. */
class SagaConformanceTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private io.dtm4j.client.Saga twoStepSaga(String gid) {
        return f.client.saga(gid)
                .add(f.url("/TransOut"), f.url("/TransOutRevert"), RawJson.of("{\"amount\":30}"))
                .add(f.url("/TransIn"), f.url("/TransInRevert"), RawJson.of("{\"amount\":30}"));
    }

    @Test
    void normalSagaSucceedsAndCallsEachActionOnceWithTheDtmParameters() {
        String gid = f.gid();

        twoStepSaga(gid).waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.branchStatuses(gid)).containsExactly("prepared", "succeed", "prepared", "succeed");
        List<BranchService.Call> calls = f.rm.calls();
        assertThat(calls).extracting(BranchService.Call::path).containsExactly("/TransOut", "/TransIn");
        BranchService.Call first = calls.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.query()).containsEntry("gid", gid).containsEntry("trans_type", "saga")
                .containsEntry("branch_id", "01").containsEntry("op", "action");
        assertThat(first.body()).isEqualTo("{\"amount\":30}");
        assertThat(first.headers()).containsEntry("content-type", "application/json");
    }

    @Test
    void aFailingActionCompensatesInReverseAndFails() {
        String gid = f.gid();
        f.rm.next("/TransIn", "FAILURE");

        assertThatThrownBy(() -> twoStepSaga(gid).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class).hasMessageContaining("return failed");

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "succeed", "succeed", "failed");
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransIn", "/TransInRevert", "/TransOutRevert");
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).contains("/TransIn return failed");
    }

    @Test
    void anOngoingActionIsFinishedByTheCron() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ONGOING");

        twoStepSaga(gid).submit();
        f.awaitRound(gid);

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransOut", "/TransIn");
    }

    @Test
    void aCompensationErrorLeavesItAbortingUntilTheCronRetries() {
        String gid = f.gid();
        f.rm.next("/TransIn", "FAILURE").next("/TransOutRevert", "ERROR");

        assertThatThrownBy(() -> twoStepSaga(gid).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class);
        assertThat(f.status(gid)).isEqualTo(TransStatus.ABORTING);

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
    }

    @Test
    void emptyUrlsCountAsSuccessAndResubmittingAFinishedSagaIsRefused() {
        String gid = f.gid();

        f.client.saga(gid).add("", "", 1).add(f.url("/TransIn"), "", 2).waitResult(true).submit();
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactly("/TransIn");

        assertThatThrownBy(() -> f.client.saga(gid).add("", "", 1).submit())
                .isInstanceOf(DtmFailureException.class).hasMessageContaining("current status 'succeed'");
    }

    @Test
    void concurrentSagaHonoursBranchOrders() {
        String gid = f.gid();
        f.rm.next("/a", "FAILURE");

        assertThatThrownBy(() -> f.client.saga(gid).add(f.url("/a"), f.url("/ac"), 1).add(f.url("/b"), f.url("/bc"), 2)
                .concurrent().addBranchOrder(1, 0).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class);

        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "failed", "prepared", "prepared");
        assertThat(f.rm.paths()).containsExactly("/a", "/ac");
    }

    @Test
    void aTimedOutSagaIsCompensated() {
        String gid = f.gid();
        f.rm.next("/TransIn", "ONGOING", "ONGOING");

        twoStepSaga(gid).timeoutToFail(Duration.ofSeconds(60)).submit();
        f.awaitRound(gid);
        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).isEqualTo("Timeout after 60 seconds");
        assertThat(f.branchStatuses(gid)).as("the ONGOING step may have run: it is compensated too")
                .containsExactly("succeed", "succeed", "succeed", "prepared");
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransIn", "/TransInRevert", "/TransOutRevert");
    }

    @Test
    void retryLimitAbortsAfterTheLimit() {
        String gid = f.gid();
        f.rm.next("/TransIn", "ERROR", "ERROR", "ERROR");

        assertThatThrownBy(() -> twoStepSaga(gid).retryLimit(1).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class)
                .hasMessageContaining("RetryCount is greater than RetryLimit, RetryLimit: 1");
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "succeed", "succeed", "prepared");
    }

    @Test
    void errorsBackOffByDoublingAndOngoingKeepsTheInterval() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ERROR", "ERROR", "ONGOING");

        twoStepSaga(gid).submit();
        f.awaitRound(gid);
        io.dtm4j.client.TransactionInfo first = f.query(gid).transaction().orElseThrow();
        assertThat(first.nextCronInterval()).isEqualTo(20);
        assertThat(first.nextCronTime()).isEqualTo(f.clock.instant().plusSeconds(20));

        f.clock.advance(Duration.ofSeconds(19));
        assertThat(f.server.runCronOnce()).as("not due before its backoff").isFalse();
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.server.runCronOnce()).isTrue();
        assertThat(f.query(gid).transaction().orElseThrow().nextCronInterval()).isEqualTo(40);

        f.clock.advance(Duration.ofSeconds(41));
        assertThat(f.server.runCronOnce()).isTrue();
        assertThat(f.query(gid).transaction().orElseThrow().nextCronInterval()).as("ONGOING keeps it").isEqualTo(40);
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void branchHeadersReachTheBranches() {
        String gid = f.gid();

        twoStepSaga(gid).branchHeader("x-tenant", "acme").waitResult(true).submit();

        assertThat(f.rm.calls()).allSatisfy(c -> assertThat(c.headers()).containsEntry("x-tenant", "acme"));
    }
}
