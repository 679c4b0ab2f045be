package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.Saga;
import io.dtm4j.client.TransStatus;
import io.dtm4j.server.support.BranchService;
import io.dtm4j.server.support.ServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More saga scenarios of spec §13: concurrent sagas, timeout with the first step ONGOING, {@code wait_result} with an
 * ONGOING step, a retry limit that is not reached, headers on the cron path, resubmits, the old body style and
 * old-style (HTTP 200) answers.
 */
class SagaMoreConformanceTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private Saga twoSteps(String gid) {
        return f.client.saga(gid)
                .add(f.url("/TransOut"), f.url("/TransOutRevert"), RawJson.of("{\"amount\":30}"))
                .add(f.url("/TransIn"), f.url("/TransInRevert"), RawJson.of("{\"amount\":30}"));
    }

    @Test
    void aConcurrentSagaSucceeds() {
        String gid = f.gid();

        twoSteps(gid).concurrent().waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.branchStatuses(gid)).containsExactly("prepared", "succeed", "prepared", "succeed");
        assertThat(f.rm.paths()).containsExactlyInAnyOrder("/TransOut", "/TransIn");
    }

    @Test
    void aConcurrentSagaWhoseLaterOrderedStepFailsCompensatesBoth() {
        String gid = f.gid();
        f.rm.next("/TransIn", "FAILURE");

        assertThatThrownBy(() -> twoSteps(gid).concurrent().addBranchOrder(1, 0).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "succeed", "succeed", "failed");
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransIn", "/TransInRevert", "/TransOutRevert");
    }

    @Test
    void aConcurrentSagaWithAnOngoingStepStaysSubmittedUntilTheCron() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ONGOING");

        twoSteps(gid).concurrent().submit();
        f.awaitRound(gid);

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);
        assertThat(f.branchStatuses(gid)).as("the finished step is saved with the round")
                .containsExactly("prepared", "prepared", "prepared", "succeed");
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void aConcurrentRollbackWithAnOngoingCompensationStaysAbortingUntilTheCron() {
        String gid = f.gid();
        f.rm.next("/TransIn", "FAILURE").next("/TransOutRevert", "ONGOING");

        assertThatThrownBy(() -> twoSteps(gid).concurrent().waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class);
        assertThat(f.status(gid)).isEqualTo(TransStatus.ABORTING);

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).as("calls %s", f.rm.paths())
                .containsExactly("succeed", "succeed", "succeed", "failed");
    }

    @Test
    void aTimeoutWithTheFirstStepOngoingCompensatesOnlyThatStep() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ONGOING", "ONGOING");

        twoSteps(gid).timeoutToFail(Duration.ofSeconds(60)).submit();
        f.awaitRound(gid);
        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).isEqualTo("Timeout after 60 seconds");
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "prepared", "prepared", "prepared");
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransOutRevert");
    }

    @Test
    void waitResultWithAnOngoingStepAnswersAnErrorAndTheCronFinishesIt() {
        String gid = f.gid();
        f.rm.next("/TransIn", "ONGOING");

        assertThatThrownBy(() -> twoSteps(gid).waitResult(true).submit())
                .isInstanceOf(DtmTransactionPendingException.class).cause().isInstanceOf(DtmFailureException.class)
                .hasMessageContaining("wait result not return success");
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void errorsWithinTheRetryLimitStillSucceed() {
        String gid = f.gid();
        f.rm.next("/TransIn", "ERROR", "ERROR", "ERROR");

        twoSteps(gid).retryLimit(3).submit();
        f.awaitRound(gid);
        for (int i = 0; i < 4 && f.status(gid) != TransStatus.SUCCEED; i++) {
            f.cronRounds(1);
        }

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths().stream().filter("/TransIn"::equals)).hasSize(4);
    }

    @Test
    void branchHeadersReachTheBranchesOnTheCronPathToo() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ONGOING");

        twoSteps(gid).branchHeader("x-tenant", "acme").submit();
        f.awaitRound(gid);
        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.calls()).hasSize(3)
                .allSatisfy(c -> assertThat(c.headers()).containsEntry("x-tenant", "acme"));
    }

    @Test
    void resubmittingARunningSagaIsAccepted() {
        String gid = f.gid();
        f.rm.next("/TransOut", "ONGOING", "ONGOING");
        twoSteps(gid).submit();
        f.awaitRound(gid);

        twoSteps(gid).submit();
        f.awaitRound(gid);

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void theOldBodyStyleWithDataInTheStepsWorks() throws Exception {
        String gid = f.gid();
        String body = "{\"gid\":\"" + gid + "\",\"trans_type\":\"saga\",\"wait_result\":true,\"steps\":["
                + "{\"action\":\"" + f.url("/TransOut") + "\",\"compensate\":\"" + f.url("/TransOutRevert")
                + "\",\"data\":\"{\\\"amount\\\":30}\"}]}";

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(f.server.url() + "/submit")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.calls()).extracting(BranchService.Call::body).containsExactly("{\"amount\":30}");
    }

    @Test
    void oldStyleAnswersWithStatus200AreReadFromTheBody() {
        String failing = f.gid();
        f.rm.next("/TransIn", "LEGACY_FAILURE");
        assertThatThrownBy(() -> twoSteps(failing).waitResult(true).submit())
                .isInstanceOf(DtmTransactionFailedException.class);
        assertThat(f.status(failing)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(failing)).containsExactly("succeed", "succeed", "succeed", "failed");

        String ongoing = f.gid();
        f.rm.next("/TransOut", "LEGACY_ONGOING");
        twoSteps(ongoing).submit();
        f.awaitRound(ongoing);
        assertThat(f.status(ongoing)).isEqualTo(TransStatus.SUBMITTED);
        f.cronRounds(1);
        assertThat(f.status(ongoing)).isEqualTo(TransStatus.SUCCEED);
    }
}
