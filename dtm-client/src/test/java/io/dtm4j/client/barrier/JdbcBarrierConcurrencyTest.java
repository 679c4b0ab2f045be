package io.dtm4j.client.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.BranchContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Races against the real databases: the business effect happens exactly once, or not at all for a hanging try. */
class JdbcBarrierConcurrencyTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void sixteenThreadsRacingOneBranchAndOpRunTheWorkOnce(String db) throws Exception {
        BarrierFixture f = new BarrierFixture(db);
        List<Callable<BarrierOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> f.handle("saga", "action", -10));
        }

        List<BarrierOutcome> outcomes = runTogether(calls);

        assertThat(outcomes).filteredOn(o -> o == BarrierOutcome.EXECUTED).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o == BarrierOutcome.SKIPPED_DUPLICATE).hasSize(15);
        assertThat(f.balance()).isEqualTo(90);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aCancelRacingItsTryNeverLosesOrDoublesTheAmount(String db) throws Exception {
        for (int round = 0; round < 12; round++) {
            BarrierFixture f = new BarrierFixture(db);
            BranchContext tryCtx = f.ctx("tcc", "try");
            BranchContext cancelCtx = f.ctx("tcc", "cancel");
            List<Callable<BarrierOutcome>> calls = List.of(
                    () -> f.barrier.forBranch(tryCtx).call(f.db, c -> {
                        f.add(c, -10);
                        Thread.sleep(20);
                    }),
                    () -> f.barrier.forBranch(cancelCtx).call(f.db, c -> f.add(c, 10)));

            List<BarrierOutcome> outcomes = runTogether(calls);

            assertThat(f.balance()).as("round %d: %s", round, outcomes).isEqualTo(100);
            assertThat(outcomes).as("round %d", round).isIn(
                    List.of(BarrierOutcome.EXECUTED, BarrierOutcome.EXECUTED),
                    List.of(BarrierOutcome.SKIPPED_DUPLICATE, BarrierOutcome.SKIPPED_NULL_COMPENSATION));
        }
    }

    private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
