package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransRequest;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.server.support.ServerFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More TCC, 2-phase message and XA scenarios of spec §13: a cancel that answers ONGOING, old-style answers, the
 * back-check's timing and outcomes, concurrent messages, abort of a prepared message, and XA timeouts.
 */
class TccMsgXaMoreConformanceTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    @Test
    void aTccRollbackWithAnOngoingCancelStaysAbortingUntilTheCron() {
        String gid = f.gid();
        f.rm.next("/try2", "FAILURE").next("/cancel1", "ONGOING");

        assertThatThrownBy(() -> f.client.tcc(gid, TransOptions.defaults(), tcc -> {
            tcc.callBranch(1, f.url("/try1"), f.url("/confirm1"), f.url("/cancel1"));
            tcc.callBranch(2, f.url("/try2"), f.url("/confirm2"), f.url("/cancel2"));
        })).isInstanceOf(DtmTransactionFailedException.class);
        f.awaitRound(gid);
        assertThat(f.status(gid)).isEqualTo(TransStatus.ABORTING);
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).contains("FAILURE");

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "prepared", "succeed", "prepared");
        assertThat(f.rm.paths()).containsExactly("/try1", "/try2", "/cancel2", "/cancel1", "/cancel1");
    }

    @Test
    void oldStyleAnswersDriveTccToo() {
        String failed = f.gid();
        f.rm.next("/try2", "LEGACY_FAILURE");
        assertThatThrownBy(() -> f.client.tcc(failed, TransOptions.builder().waitResult(true).build(), tcc -> {
            tcc.callBranch(1, f.url("/try1"), f.url("/confirm1"), f.url("/cancel1"));
            tcc.callBranch(2, f.url("/try2"), f.url("/confirm2"), f.url("/cancel2"));
        })).isInstanceOf(DtmTransactionFailedException.class);
        assertThat(f.status(failed)).isEqualTo(TransStatus.FAILED);

        String ongoing = f.gid();
        f.rm.next("/confirm3", "LEGACY_ONGOING");
        f.client.tcc(ongoing, TransOptions.defaults(),
                tcc -> tcc.callBranch(3, f.url("/try3"), f.url("/confirm3"), f.url("/cancel3")));
        f.awaitRound(ongoing);
        assertThat(f.status(ongoing)).isEqualTo(TransStatus.SUBMITTED);
        f.cronRounds(1);
        assertThat(f.status(ongoing)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void aConcurrentMessageDeliversEveryBranch() {
        String gid = f.gid();

        f.client.msg(gid).add(f.url("/a"), 1).add(f.url("/b"), 2).concurrent(true).waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactlyInAnyOrder("/a", "/b");
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "succeed");
    }

    @Test
    void aPreparedMessageIsNotBackCheckedBeforeItsTimeout() {
        String gid = f.gid();
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.clock.advance(Duration.ofSeconds(30));
        f.server.runCronOnce();
        assertThat(f.rm.paths()).as("35 s is the default timeout_to_fail").isEmpty();

        // the look at 30 s leased the row for the retry interval; the next look past the timeout back-checks
        f.clock.advance(Duration.ofSeconds(60));
        f.server.runCronOnce();
        assertThat(f.rm.paths()).containsExactly("/qp", "/TransIn");
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
    }

    @Test
    void aBranchOngoingAfterTheBackCheckLeavesItSubmittedUntilTheNextRound() {
        String gid = f.gid();
        f.rm.next("/TransIn", "ONGOING");
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactly("/qp", "/TransIn", "/TransIn");
    }

    @Test
    void anOngoingBackCheckThenAFailureFailsTheMessage() {
        String gid = f.gid();
        f.rm.next("/qp", "ONGOING", "FAILURE");
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.PREPARED);
        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("prepared");
        assertThat(f.rm.paths()).containsExactly("/qp", "/qp");
    }

    @Test
    void abortingAPreparedMessageFailsItWithoutDelivering() {
        String gid = f.gid();
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.client.abort(TransRequest.builder(gid, TransType.MSG).rollbackReason("user cancelled").build());

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        f.cronRounds(1);
        assertThat(f.rm.paths()).isEmpty();
    }

    @Test
    void aPreparedXaIsRolledBackOnlyAfterItsTimeout() {
        String gid = f.gid();
        f.client.prepare(TransRequest.builder(gid, TransType.XA)
                .options(TransOptions.builder().timeoutToFail(Duration.ofSeconds(60)).build()).build());

        f.clock.advance(Duration.ofSeconds(50));
        f.server.runCronOnce();
        assertThat(f.status(gid)).as("not yet timed out").isEqualTo(TransStatus.PREPARED);

        f.clock.advance(Duration.ofSeconds(20));
        f.server.runCronOnce();
        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).isEqualTo("Timeout after 60 seconds");
    }
}
