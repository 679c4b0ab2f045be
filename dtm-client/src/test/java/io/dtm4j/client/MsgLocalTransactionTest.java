package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.MsgLocalTransaction.Ending;
import io.dtm4j.client.MsgLocalTransaction.Outcome;
import io.dtm4j.client.support.FakeDtmServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The message decision behind a pluggable local-transaction strategy, on the wire. */
class MsgLocalTransactionTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    /** Joins a transaction "in progress": prepares inside it, reports its end later, as the Spring one does. */
    private final AtomicReference<Ending> later = new AtomicReference<>();
    private final MsgLocalTransaction joining = (barrier, work, ending) -> {
        work.run(barrier);
        ending.prepare();
        later.set(ending);
    };

    @Test
    void aStrategyThatReportsLaterGetsTheSubmitWhenItsTransactionCommits() throws Exception {
        dtm.success().success();

        String gid = dtm.client().msg("l-1").add("http://rm/a", 1).localTransaction(joining)
                .doAndSubmit("http://rm/qp", b -> { });

        assertThat(gid).isEqualTo("l-1");
        assertThat(dtm.take().getPath()).endsWith("/prepare");
        assertThat(dtm.requestCount()).as("nothing more until the transaction ends").isEqualTo(1);
        later.get().ended(Outcome.COMMITTED, null);
        assertThat(dtm.take().getPath()).endsWith("/submit");
    }

    @Test
    void aLaterRollbackAbortsWithTheReason() throws Exception {
        dtm.success().success();
        dtm.client().msg("l-2").add("http://rm/a", 1).localTransaction(joining).doAndSubmit("http://rm/qp", b -> { });
        dtm.take();

        later.get().ended(Outcome.ROLLED_BACK, null);

        var abort = FakeDtmServer.json(dtm.take());
        assertThat(abort.get("gid").asText()).isEqualTo("l-2");
        assertThat(abort.get("rollback_reason").asText()).isEqualTo("the local transaction rolled back");
    }

    @Test
    void aStrategyMustReportOnceAndAfterPrepare() throws Exception {
        dtm.success().success();
        dtm.client().msg("l-3").add("http://rm/a", 1).localTransaction(joining).doAndSubmit("http://rm/qp", b -> { });
        later.get().ended(Outcome.COMMITTED, null);

        assertThatThrownBy(() -> later.get().ended(Outcome.ROLLED_BACK, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("l-3").hasMessageContaining("twice");
        assertThatThrownBy(() -> dtm.client().msg("l-4").add("http://rm/a", 1).localTransaction(
                (barrier, work, ending) -> ending.ended(Outcome.COMMITTED, null)).doAndSubmit("http://rm/qp", b -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before prepare()");
        assertThat(dtm.requestCount()).as("prepare and submit of l-3 only").isEqualTo(2);
    }

    @Test
    void aWorkThatFailsBeforeThePrepareSendsNothing() {
        assertThatThrownBy(() -> dtm.client().msg("l-5").add("http://rm/a", 1).localTransaction(joining)
                .doAndSubmit("http://rm/qp", b -> {
                    throw new IllegalStateException("validation failed");
                })).isInstanceOf(IllegalStateException.class).hasMessage("validation failed");
        assertThat(dtm.requestCount()).isZero();
    }

    @Test
    void aSubmitRefusedAfterTheCommitIsNotReportedAsAFailedTransaction() throws Exception {
        dtm.success().answer(500, "store busy");

        String gid = dtm.client().msg("l-6").add("http://rm/a", 1).doAndSubmit("http://rm/qp", b -> { });

        assertThat(gid).as("committed and prepared: the back-check delivers it").isEqualTo("l-6");
        assertThat(dtm.take().getPath()).endsWith("/prepare");
        assertThat(dtm.take().getPath()).endsWith("/submit");
    }

    @Test
    void aCheckedErrorIsWrappedWithWhatWasDecided() {
        dtm.success().success();

        assertThatThrownBy(() -> dtm.client().msg("l-7").add("http://rm/a", 1).doAndSubmit("http://rm/qp", b -> {
            throw new java.io.IOException("disk", new DtmFailureException("no stock"));
        })).isInstanceOf(DtmException.class).hasMessageContaining("msg gid 'l-7'")
                .hasMessageContaining("the message was aborted").hasCauseInstanceOf(java.io.IOException.class);
    }
}
