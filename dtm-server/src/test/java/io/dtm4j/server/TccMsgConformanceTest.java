package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.client.RawJson;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransRequest;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransType;
import io.dtm4j.server.support.BranchService;
import io.dtm4j.server.support.ServerFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TCC and 2-phase message scenarios of spec §13 against the embedded server. */
class TccMsgConformanceTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    @Test
    void tccConfirmsEveryBranchLastFirst() {
        String gid = f.gid();
        TransOptions options = TransOptions.builder().waitResult(true).branchHeader("x-trace", "t9").build();

        f.client.tcc(gid, options, tcc -> {
            tcc.callBranch(RawJson.of("{\"a\":1}"), f.url("/try1"), f.url("/confirm1"), f.url("/cancel1"));
            tcc.callBranch(RawJson.of("{\"a\":2}"), f.url("/try2"), f.url("/confirm2"), f.url("/cancel2"));
        });

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.branchStatuses(gid)).containsExactly("prepared", "succeed", "prepared", "succeed");
        assertThat(f.rm.paths()).containsExactly("/try1", "/try2", "/confirm2", "/confirm1");
        BranchService.Call confirm = f.rm.calls().get(2);
        assertThat(confirm.query()).containsEntry("op", "confirm").containsEntry("branch_id", "02");
        assertThat(confirm.body()).isEqualTo("{\"a\":2}");
        assertThat(confirm.headers()).containsEntry("x-trace", "t9");
    }

    @Test
    void aFailedTryCancelsEveryRegisteredBranch() {
        String gid = f.gid();
        f.rm.next("/try2", "FAILURE");

        assertThatThrownBy(() -> f.client.tcc(gid, TransOptions.builder().waitResult(true).build(), tcc -> {
            tcc.callBranch(1, f.url("/try1"), f.url("/confirm1"), f.url("/cancel1"));
            tcc.callBranch(2, f.url("/try2"), f.url("/confirm2"), f.url("/cancel2"));
        })).isInstanceOf(DtmTransactionFailedException.class);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "prepared", "succeed", "prepared");
        assertThat(f.rm.paths()).endsWith("/cancel2", "/cancel1");
    }

    @Test
    void aPreparedTccThatTimesOutIsCancelledAndRefusesNewBranches() {
        String gid = f.gid();
        f.client.prepare(TransRequest.builder(gid, TransType.TCC)
                .options(TransOptions.builder().timeoutToFail(Duration.ofSeconds(60)).build()).build());
        f.client.registerBranch(Map.of("gid", gid, "trans_type", "tcc", "branch_id", "01", "data", "{}",
                "confirm", f.url("/confirm1"), "cancel", f.url("/cancel1")));

        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.query(gid).transaction().orElseThrow().rollbackReason()).isEqualTo("Timeout after 60 seconds");
        assertThat(f.rm.paths()).containsExactly("/cancel1");
        assertThatThrownBy(() -> f.client.registerBranch(Map.of("gid", gid, "trans_type", "tcc",
                "branch_id", "02", "confirm", "", "cancel", ""))).isInstanceOf(DtmFailureException.class)
                .hasMessageContaining("status: prepared found");
    }

    @Test
    void aDuplicateBranchRegistrationIsRefused() {
        String gid = f.gid();
        f.client.prepare(TransRequest.builder(gid, TransType.TCC).build());
        Map<String, String> branch = Map.of("gid", gid, "trans_type", "tcc", "branch_id", "01", "confirm", "",
                "cancel", "");
        f.client.registerBranch(branch);

        assertThatThrownBy(() -> f.client.registerBranch(branch)).hasMessageContaining("registered once");
    }

    @Test
    void msgDeliversEveryBranch() {
        String gid = f.gid();

        f.client.msg(gid).add(f.url("/TransOut"), 1).add(f.url("/TransIn"), 2).waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactly("/TransOut", "/TransIn");
        assertThat(f.rm.calls().get(1).query()).containsEntry("branch_id", "02").containsEntry("op", "action")
                .containsEntry("trans_type", "msg");
    }

    @Test
    void aTimedOutPreparedMsgIsBackCheckedThenDelivered() {
        String gid = f.gid();
        f.rm.next("/qp", "ONGOING", "SUCCESS");
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.PREPARED);
        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        BranchService.Call backCheck = f.rm.calls().get(0);
        assertThat(backCheck.method()).isEqualTo("GET");
        assertThat(backCheck.query()).containsEntry("branch_id", "00").containsEntry("op", "msg")
                .containsEntry("trans_type", "msg").containsEntry("gid", gid);
        assertThat(f.rm.paths()).containsExactly("/qp", "/qp", "/TransIn");
    }

    @Test
    void aBackCheckFailureFailsTheMessageWithoutDelivering() {
        String gid = f.gid();
        f.rm.next("/qp", "FAILURE");
        f.client.msg(gid).add(f.url("/TransIn"), 1).prepare(f.url("/qp"));

        f.cronRounds(1);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.rm.paths()).containsExactly("/qp");
    }

    @Test
    void aDelayedMessageWaitsForItsDelay() {
        String gid = f.gid();

        assertThatThrownBy(() -> f.client.msg(gid).add(f.url("/TransIn"), 1).delay(Duration.ofSeconds(30))
                .waitResult(true).submit()).isInstanceOf(DtmTransactionPendingException.class)
                .cause().isInstanceOf(DtmFailureException.class).hasMessageContaining("wait result not return success");
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUBMITTED);
        assertThat(f.rm.paths()).isEmpty();

        f.cronRounds(1);
        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(f.rm.paths()).containsExactly("/TransIn");
    }

    @Test
    void preparingTwiceIsFineButNotAfterCompletion() {
        String gid = f.gid();
        f.client.msg(gid).add(f.url("/a"), 1).prepare(f.url("/qp"));
        f.client.msg(gid).add(f.url("/a"), 1).prepare(f.url("/qp"));
        f.client.msg(gid).add(f.url("/a"), 1).waitResult(true).submit();

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThatThrownBy(() -> f.client.msg(gid).add(f.url("/a"), 1).prepare(f.url("/qp")))
                .isInstanceOf(DtmFailureException.class).hasMessageContaining("cannot prepare");
    }
}
