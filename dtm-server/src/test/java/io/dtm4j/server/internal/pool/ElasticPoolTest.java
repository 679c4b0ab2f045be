package io.dtm4j.server.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ElasticPoolTest {

    @Test
    void sequentialTasksReuseOneThread() throws Exception {
        ExecutorService pool = ElasticPool.create(64, 16, "t-");
        try {
            for (int i = 0; i < 200; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(done::countDown);
                assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
                // let the worker return to the queue before the next task
                while (((ThreadPoolExecutor) pool).getActiveCount() > 0) {
                    Thread.onSpinWait();
                }
            }
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void growsToItsMaximumBeforeQueueingThenRefuses() throws Exception {
        ExecutorService pool = ElasticPool.create(4, 2, "t-");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> await(release, ran));
            }
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(4);
            assertThat(((ThreadPoolExecutor) pool).getQueue()).isEmpty();
            pool.execute(() -> await(release, ran));
            pool.execute(() -> await(release, ran));
            assertThat(((ThreadPoolExecutor) pool).getQueue()).hasSize(2);
            assertThatThrownBy(() -> pool.execute(() -> await(release, ran)))
                    .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("all 4 threads are busy");
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasValue(6);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch, AtomicInteger ran) {
        try {
            latch.await();
            ran.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
