package io.dtm4j.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis client decision for the server's Redis store, measured: Jedis (a connection pool, one blocking
 * connection per thread) against Lettuce (one shared connection, commands of all threads pipelined on it), on
 * the store's own workload. One operation is what a submit costs the store: the create script by {@code EVALSHA}
 * (SET, SET, ZADD, two RPUSH, EXPIRE of a new gid), then a read of the transaction and its branches (GET and
 * LRANGE; with Lettuce sent together, one round trip). From 1, 8 and 64 threads, each client in turn, in the
 * same run, against the local Redis (database 9, emptied before and after).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dtm4j.benchmarks.RedisClientLoad [seconds]}; writes the section
 * {@code redis-client} of docs/performance.md.
 */
public final class RedisClientLoad {

    private static final String CREATE = "if redis.call('EXISTS', KEYS[1]) == 1 then return 'UNIQUE_CONFLICT' end\n"
            + "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])\n"
            + "redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[2])\n"
            + "redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])\n"
            + "for k = 6, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[k]) end\n"
            + "redis.call('EXPIRE', KEYS[2], ARGV[2])\nreturn 'OK'\n";
    private static final String GLOBAL = "{\"id\":0,\"create_time\":\"2026-12-03T10:00:00.123Z\",\"update_time\":"
            + "\"2026-12-03T10:00:00.123Z\",\"gid\":\"%s\",\"trans_type\":\"saga\",\"status\":\"submitted\","
            + "\"protocol\":\"http\",\"options\":\"{}\",\"custom_data\":\"\",\"next_cron_interval\":10,"
            + "\"next_cron_time\":\"2026-12-03T10:00:10.123Z\",\"owner\":\"k2J8bq0oVnb5qLqLS3kH1a\"}";
    private static final String BRANCH = "{\"gid\":\"%s\",\"url\":\"http://127.0.0.1:8081/api/busi/TransOut\","
            + "\"bin_data\":\"eyJhbW91bnQiOjMwfQ==\",\"branch_id\":\"01\",\"op\":\"action\",\"status\":\"prepared\","
            + "\"create_time\":\"2026-12-03T10:00:00.123Z\",\"update_time\":\"2026-12-03T10:00:00.123Z\"}";

    private RedisClientLoad() {
    }

    /** One client's way of doing the operation. */
    private interface Client extends AutoCloseable {
        void op(String gid);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> rows = new ArrayList<>();
        for (int threads : new int[] {1, 8, 64}) {
            double jedis = measure("jedis", threads, seconds);
            double lettuce = measure("lettuce", threads, seconds);
            String row = String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2fx |", threads, jedis, lettuce,
                    lettuce / jedis);
            System.out.println(row);
            rows.add(row);
        }
        String table = "Measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + "; " + seconds + " s per cell after a"
                + " warm-up, against the local Redis. One operation: the create script by EVALSHA, then GET and"
                + " LRANGE of the new transaction.\n\n| threads | Jedis (pool) ops/s | Lettuce (one connection)"
                + " ops/s | Lettuce vs Jedis |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchMain.PerformanceDoc.replaceSection(Path.of("docs/performance.md"), "redis-client", table);
    }

    private static Client open(String kind, int threads) {
        if (kind.equals("jedis")) {
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxTotal(threads);
            pool.setMaxIdle(threads);
            JedisPooled jedis = new JedisPooled(pool, "127.0.0.1", 6379, 2000, null, 9, null);
            jedis.flushDB();
            String sha = jedis.scriptLoad(CREATE);
            return new Client() {
                @Override
                public void op(String gid) {
                    jedis.evalsha(sha, keys(gid), argv(gid));
                    jedis.get("{b}_g_" + gid);
                    jedis.lrange("{b}_b_" + gid, 0, -1);
                }

                @Override
                public void close() {
                    jedis.flushDB();
                    jedis.close();
                }
            };
        }
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(6379)
                .withDatabase(9).build());
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisAsyncCommands<String, String> redis = connection.async();
        connection.sync().flushdb();
        String sha = connection.sync().scriptLoad(CREATE);
        return new Client() {
            @Override
            public void op(String gid) {
                try {
                    redis.evalsha(sha, ScriptOutputType.STATUS, keys(gid).toArray(new String[0]),
                            argv(gid).toArray(new String[0])).get(2, TimeUnit.SECONDS);
                    RedisFuture<String> g = redis.get("{b}_g_" + gid);
                    RedisFuture<List<String>> b = redis.lrange("{b}_b_" + gid, 0, -1);
                    g.get(2, TimeUnit.SECONDS);
                    b.get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {
                connection.sync().flushdb();
                connection.close();
                client.shutdown();
            }
        };
    }

    private static List<String> keys(String gid) {
        return List.of("{b}_g_" + gid, "{b}_b_" + gid, "{b}_u", "{b}_s_" + gid);
    }

    private static List<String> argv(String gid) {
        return List.of(String.format(GLOBAL, gid), "604800", "submitted", "1796000000", gid,
                String.format(BRANCH, gid), String.format(BRANCH, gid).replace("action", "compensate"));
    }

    private static double measure(String kind, int threads, int seconds) throws Exception {
        try (Client client = open(kind, threads)) {
            run(client, threads, 1);
            return run(client, threads, seconds) / (double) seconds;
        }
    }

    private static long run(Client client, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String run = Long.toString(System.nanoTime(), 36);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (long i = 0; System.nanoTime() < end; i++) {
                    client.op(run + "-" + thread + "-" + i);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.get();
    }
}
