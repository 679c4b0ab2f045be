package io.dtm4j.server.internal.pool;

import io.dtm4j.server.internal.http.NettyHttpServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool that grows only when its threads are all busy: an idle thread takes the next task, a new thread
 * starts only when none is idle (up to {@code maxThreads}), and only then do tasks queue (up to {@code queue}).
 * A plain {@link ThreadPoolExecutor} with a bounded queue does the opposite twice over: below its core size it
 * starts a thread for every task even when others are idle (hundreds of threads, and their stacks, for a modest
 * load), and above it it queues before it grows. Idle threads end after 30 s.
 */
public final class ElasticPool {

    private ElasticPool() {
    }

    /**
     * Creates the pool.
     *
     * @param maxThreads the most threads
     * @param queue the most queued tasks once every thread is busy
     * @param prefix the threads' name prefix (daemon threads)
     * @return the pool; {@code execute} throws {@link RejectedExecutionException} when threads and queue are full
     */
    public static ExecutorService create(int maxThreads, int queue, String prefix) {
        GrowFirstQueue tasks = new GrowFirstQueue(queue);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, tasks,
                NettyHttpServer.daemon(prefix), (task, executor) -> {
                    if (executor.isShutdown() || !tasks.force(task)) {
                        throw new RejectedExecutionException("all " + maxThreads + " threads are busy and "
                                + queue + " tasks are queued");
                    }
                });
        tasks.pool = pool;
        return pool;
    }

    /** Refuses a task while a new thread may start, so that the pool starts one; the handler queues it after. */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        private final int capacity;
        private transient volatile ThreadPoolExecutor pool;

        GrowFirstQueue(int capacity) {
            super(capacity);
            this.capacity = capacity;
        }

        @Override
        public boolean offer(Runnable task) {
            ThreadPoolExecutor p = pool;
            if (p != null && p.getPoolSize() < p.getMaximumPoolSize()
                    && p.getActiveCount() + size() >= p.getPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        boolean force(Runnable task) {
            return size() < capacity && super.offer(task);
        }
    }
}
