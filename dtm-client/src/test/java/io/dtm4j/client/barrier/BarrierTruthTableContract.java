package io.dtm4j.client.barrier;

import static io.dtm4j.client.barrier.BarrierOutcome.EXECUTED;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_DUPLICATE;
import static io.dtm4j.client.barrier.BarrierOutcome.SKIPPED_NULL_COMPENSATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every line of the barrier's truth table (spec §10.3, §10.4), on MariaDB, PostgreSQL and H2, for any way of
 * writing the barrier rows: a subclass gives the {@link Handler} (JDBC, MyBatis...), the scenarios are the same.
 */
public abstract class BarrierTruthTableContract {

    /** One fresh account of 100 on one real database, and branch handlers around "add to it". */
    public interface Handler {
        /** The gid every call uses (branch 01 unless said). */
        String gid();

        /** One branch request: the barrier around "add amount", in a transaction of its own. */
        BarrierOutcome handle(BranchContext ctx, int amount);

        /** One branch request whose work adds the amount, then throws. */
        BarrierOutcome handleAndThrow(BranchContext ctx, int amount, RuntimeException e);

        /** One branch request making two guarded calls (barrier ids 01 and 02), each in its own transaction. */
        List<BarrierOutcome> handleInTwoCalls(BranchContext ctx, int first, int second);

        /** The message's back-check. */
        DtmResult queryPrepared();

        /** The account's balance. */
        int balance() throws Exception;

        /** The gid's barrier rows as "branch_id/op/barrier_id/reason", in insertion order. */
        List<String> rows() throws Exception;
    }

    /**
     * A fresh handler (a new gid and account) on a database.
     *
     * @param database mariadb, postgres or h2
     * @return the handler
     * @throws Exception when the database cannot be set up
     */
    protected abstract Handler handler(String database) throws Exception;

    private static BranchContext ctx(Handler f, String transType, String op) {
        return BranchContext.of(transType, f.gid(), "01", op);
    }

    private static BranchContext msg(Handler f) {
        return BranchContext.of("msg", f.gid(), "00", "msg");
    }

    private static BarrierOutcome handle(Handler f, String transType, String op, int amount) {
        return f.handle(ctx(f, transType, op), amount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void tccTryConfirmRunOnceEach(String db) throws Exception {
        Handler f = handler(db);

        assertThat(handle(f, "tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(handle(f, "tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(handle(f, "tcc", "confirm", -1)).isEqualTo(EXECUTED);
        assertThat(handle(f, "tcc", "confirm", -1)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(89);
        assertThat(f.rows()).containsExactly("01/try/01/try", "01/confirm/01/confirm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void cancelAfterTryCompensatesOnce(String db) throws Exception {
        Handler f = handler(db);

        assertThat(handle(f, "tcc", "try", -10)).isEqualTo(EXECUTED);
        assertThat(handle(f, "tcc", "cancel", 10)).isEqualTo(EXECUTED);
        assertThat(handle(f, "tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("01/try/01/try", "01/cancel/01/cancel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void cancelBeforeTryIsANullCompensationAndTheLateTryHangsHarmlessly(String db) throws Exception {
        Handler f = handler(db);

        assertThat(handle(f, "tcc", "cancel", 10)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(handle(f, "tcc", "try", -10)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(handle(f, "tcc", "cancel", 10)).isEqualTo(SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).containsExactly("01/try/01/cancel", "01/cancel/01/cancel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void sagaActionCompensateAndTheirNullCompensation(String db) throws Exception {
        Handler f = handler(db);

        assertThat(handle(f, "saga", "action", -30)).isEqualTo(EXECUTED);
        assertThat(handle(f, "saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(handle(f, "saga", "compensate", 30)).isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(100);

        Handler g = handler(db);
        assertThat(handle(g, "saga", "compensate", 30)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(handle(g, "saga", "action", -30)).isEqualTo(SKIPPED_DUPLICATE);
        assertThat(g.balance()).isEqualTo(100);
        assertThat(g.rows()).containsExactly("01/action/01/compensate", "01/compensate/01/compensate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void rollbackMapsToActionLikeACompensation(String db) throws Exception {
        Handler f = handler(db);

        assertThat(handle(f, "xa", "rollback", 5)).isEqualTo(SKIPPED_NULL_COMPENSATION);
        assertThat(f.rows()).containsExactly("01/action/01/rollback", "01/rollback/01/rollback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void aBusinessFailureRollsBackTheWorkAndTheBarrierRows(String db) throws Exception {
        Handler f = handler(db);

        assertThatThrownBy(() -> f.handleAndThrow(ctx(f, "saga", "action"), -30,
                new DtmFailureException("insufficient balance")))
                .isInstanceOf(DtmFailureException.class).hasMessage("insufficient balance");

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.rows()).isEmpty();
        assertThat(handle(f, "saga", "action", -30)).as("a retry runs the work").isEqualTo(EXECUTED);
        assertThat(f.balance()).isEqualTo(70);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void twoGuardedCallsInOneHandlerUseBarrierIds01And02(String db) throws Exception {
        Handler f = handler(db);

        assertThat(f.handleInTwoCalls(ctx(f, "saga", "action"), -1, -2)).containsExactly(EXECUTED, EXECUTED);
        assertThat(f.handleInTwoCalls(ctx(f, "saga", "action"), -1, -2)).as("the retried request")
                .containsExactly(SKIPPED_DUPLICATE, SKIPPED_DUPLICATE);

        assertThat(f.balance()).isEqualTo(97);
        assertThat(f.rows()).containsExactly("01/action/01/action", "01/action/02/action");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void queryPreparedAfterTheLocalCommitIsSuccess(String db) throws Exception {
        Handler f = handler(db);

        assertThat(f.handle(msg(f), -5)).isEqualTo(EXECUTED);

        assertThat(f.queryPrepared()).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.queryPrepared()).isEqualTo(DtmResult.SUCCESS);
        assertThat(f.rows()).containsExactly("00/msg/01/msg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void queryPreparedBeforeTheLocalCommitIsFailureAndBlocksIt(String db) throws Exception {
        Handler f = handler(db);

        assertThat(f.queryPrepared()).isEqualTo(DtmResult.FAILURE);
        assertThatThrownBy(() -> f.handle(msg(f), -5)).isInstanceOf(DtmDuplicatedException.class)
                .hasMessageContaining(f.gid());

        assertThat(f.balance()).isEqualTo(100);
        assertThat(f.queryPrepared()).isEqualTo(DtmResult.FAILURE);
        assertThat(f.rows()).containsExactly("00/msg/01/rollback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    public void queryPreparedAfterALocalRollbackIsFailure(String db) throws Exception {
        Handler f = handler(db);

        assertThatThrownBy(() -> f.handleAndThrow(msg(f), -5, new DtmFailureException("no stock")))
                .isInstanceOf(DtmFailureException.class);

        assertThat(f.queryPrepared()).isEqualTo(DtmResult.FAILURE);
        assertThat(f.balance()).isEqualTo(100);
    }
}
