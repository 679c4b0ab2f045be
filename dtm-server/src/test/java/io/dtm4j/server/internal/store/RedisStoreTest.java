package io.dtm4j.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against the real Redis, beyond the shared contract: the official key layout and values, data the
 * official server wrote, expiry, the schedule, scripts flushed under it, KV rows and paging.
 */
class RedisStoreTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String prefix = "{rt-" + UUID.randomUUID().toString().substring(0, 8) + "}";
    private RedisStore store;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void open() {
        store = new RedisStore(RedisURI.create("redis://127.0.0.1:6379"), prefix, 600, 60);
        client = RedisClient.create("redis://127.0.0.1:6379");
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void close() {
        store.reset();
        store.close();
        connection.close();
        client.shutdown();
    }

    private static GlobalTrans global(String gid) {
        GlobalTrans g = new GlobalTrans();
        g.gid = gid;
        g.transType = TransType.SAGA;
        g.status = TransStatus.SUBMITTED;
        g.createTime = NOW;
        g.updateTime = NOW;
        g.options = "{\"retry_interval\":7,\"wait_result\":true}";
        g.nextCronInterval = 7;
        g.nextCronTime = NOW.plusSeconds(7);
        g.owner = "o1";
        return g;
    }

    @Test
    void aTransactionIsStoredInTheOfficialKeysAndFinishingShortensItsExpiry() {
        store.create(global("g1"), List.of(BranchTrans.of("g1", "01", "action", "http://rm/a", "{}".getBytes(), NOW)));
        assertThat(redis.type(prefix + "_g_g1")).isEqualTo("string");
        assertThat(redis.type(prefix + "_b_g1")).isEqualTo("list");
        assertThat(redis.get(prefix + "_s_g1")).isEqualTo("submitted");
        assertThat(redis.zscore(prefix + "_u", "g1")).isEqualTo(NOW.plusSeconds(7).toEpochMilli() / 1000.0);
        String json = redis.get(prefix + "_g_g1");
        assertThat(json).contains("\"trans_type\":\"saga\"", "\"retry_interval\":7", "\"wait_result\":true",
                "\"options\":\"{\\\"retry_interval\\\":7,\\\"wait_result\\\":true}\"");
        assertThat(redis.lindex(prefix + "_b_g1", 0)).contains("\"bin_data\":\"e30=\"", "\"branch_id\":\"01\"");
        assertThat(redis.ttl(prefix + "_g_g1")).isBetween(590L, 600L);

        GlobalTrans done = global("g1");
        done.status = TransStatus.SUCCEED;
        done.finishTime = NOW.plusSeconds(1);
        assertThat(store.changeStatus(done, TransStatus.SUBMITTED)).isTrue();
        assertThat(redis.zscore(prefix + "_u", "g1")).as("a final transaction leaves the schedule").isNull();
        assertThat(redis.ttl(prefix + "_g_g1")).isBetween(50L, 60L);
        assertThat(redis.ttl(prefix + "_b_g1")).isBetween(50L, 60L);
        assertThat(store.findGlobal("g1").orElseThrow().finishTime).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void dataWrittenByTheOfficialServerIsRead() {
        // As the official server marshals it: Go times with nanoseconds and an offset, options inline, omitempty.
        redis.set(prefix + "_g_og", "{\"id\":0,\"create_time\":\"2026-12-03T18:00:00.123456789+08:00\","
                + "\"update_time\":\"2026-12-03T18:00:01+08:00\",\"gid\":\"og\",\"trans_type\":\"tcc\","
                + "\"status\":\"prepared\",\"protocol\":\"http\",\"options\":\"{\\\"timeout_to_fail\\\":60}\","
                + "\"next_cron_interval\":10,\"next_cron_time\":\"2026-12-03T18:00:10+08:00\","
                + "\"owner\":\"Fm3x\",\"timeout_to_fail\":60}");
        redis.set(prefix + "_s_og", "prepared");
        redis.rpush(prefix + "_b_og", "{\"id\":0,\"create_time\":\"2026-12-03T18:00:00+08:00\",\"update_time\":"
                + "\"2026-12-03T18:00:00+08:00\",\"gid\":\"og\",\"url\":\"http://rm/confirm\",\"bin_data\":\"eyJ4IjoxfQ==\","
                + "\"branch_id\":\"01\",\"op\":\"confirm\",\"status\":\"prepared\"}");
        GlobalTrans g = store.findGlobal("og").orElseThrow();
        assertThat(g.createTime).isEqualTo(Instant.parse("2026-12-03T10:00:00.123456789Z"));
        assertThat(g.finishTime).isNull();
        assertThat(g.options).isEqualTo("{\"timeout_to_fail\":60}");
        assertThat(g.queryPrepared).isEmpty();
        BranchTrans b = store.findBranches("og").get(0);
        assertThat(new String(b.binData)).isEqualTo("{\"x\":1}");
        assertThat(b.status).isEqualTo(BranchStatus.PREPARED);

        // Our change keeps the fields the official server needs, in its shapes.
        GlobalTrans next = store.findGlobal("og").orElseThrow();
        next.status = TransStatus.SUBMITTED;
        next.updateTime = NOW;
        assertThat(store.changeStatus(next, TransStatus.PREPARED)).isTrue();
        assertThat(redis.get(prefix + "_g_og")).contains("\"timeout_to_fail\":60", "\"status\":\"submitted\"",
                "\"owner\":\"Fm3x\"");
    }

    @Test
    void flushedScriptsAreLoadedAgain() {
        store.create(global("f1"), List.of());
        redis.scriptFlush();
        GlobalTrans done = global("f1");
        done.status = TransStatus.FAILED;
        assertThat(store.changeStatus(done, TransStatus.SUBMITTED)).isTrue();
        assertThat(store.findGlobal("f1").orElseThrow().status).isEqualTo(TransStatus.FAILED);
    }

    @Test
    void theLeaseTakesTheEarliestDueOneAndRecordsItsOwner() {
        GlobalTrans early = global("early");
        early.nextCronTime = NOW.minusSeconds(5);
        GlobalTrans later = global("later");
        later.nextCronTime = NOW.minusSeconds(1);
        GlobalTrans future = global("future");
        future.nextCronTime = NOW.plusSeconds(60);
        store.create(later, List.of());
        store.create(early, List.of());
        store.create(future, List.of());
        assertThat(store.leaseOne(NOW, NOW.plusSeconds(10), "me").orElseThrow().gid).isEqualTo("early");
        assertThat(store.leaseOne(NOW, NOW.plusSeconds(10), "me").orElseThrow().gid).isEqualTo("later");
        assertThat(store.leaseOne(NOW, NOW.plusSeconds(10), "me")).isEmpty();
        assertThat(store.findGlobal("early").orElseThrow().owner).isEqualTo("me");
        assertThat(store.touch("early", TransStatus.SUBMITTED, "not-me", NOW, 1)).isFalse();
        assertThat(store.touch("early", TransStatus.SUBMITTED, "me", NOW.plusSeconds(3), 3)).isTrue();
        assertThat(redis.zscore(prefix + "_u", "early")).isEqualTo(NOW.plusSeconds(3).toEpochMilli() / 1000.0);
        // An expired transaction's schedule entry is dropped on the way.
        redis.del(prefix + "_g_early", prefix + "_s_early");
        assertThat(store.leaseOne(NOW.plusSeconds(100), NOW.plusSeconds(200), "me").orElseThrow().gid)
                .isIn("later", "future");
        assertThat(redis.zscore(prefix + "_u", "early")).isNull();
        assertThat(store.resetCronTime(NOW.plusSeconds(150), NOW, 10)).isEqualTo(1);
        assertThat(store.findGlobal("later").orElseThrow().nextCronTime.equals(NOW)
                || store.findGlobal("future").orElseThrow().nextCronTime.equals(NOW)).isTrue();
    }

    @Test
    void kvRowsAreVersionedAndPagesCoverEveryRowOnce() {
        for (int i = 0; i < 25; i++) {
            store.createKv("topics", "t" + i, "[" + i + "]");
        }
        assertThat(store.findKv("topics", "t3").orElseThrow().version()).isEqualTo(1);
        assertThat(store.updateKv("topics", "t3", "[33]", 1)).isTrue();
        assertThat(store.updateKv("topics", "t3", "[34]", 1)).as("a stale version").isFalse();
        assertThat(store.findKv("topics", "t3").orElseThrow().value()).isEqualTo("[33]");
        assertThat(store.deleteKv("topics", "t4")).isTrue();
        assertThat(store.deleteKv("topics", "t4")).isFalse();
        Set<String> seen = new HashSet<>();
        String position = "";
        do {
            KvPage page = store.scanKv("topics", position, 7);
            page.rows().forEach(r -> assertThat(seen.add(r.key())).as("seen once: " + r.key()).isTrue());
            position = page.next();
        } while (!position.isEmpty());
        assertThat(seen).hasSize(24);

        List<String> gids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            GlobalTrans g = global("s" + i);
            g.transType = i % 3 == 0 ? TransType.MSG : TransType.SAGA;
            store.create(g, List.of());
            gids.add(g.gid);
        }
        Set<String> msgs = new HashSet<>();
        position = "";
        do {
            ScanResult page = store.scan(new ScanQuery(position, 4, "", "msg", null, null));
            page.transactions().forEach(r -> assertThat(msgs.add(r.gid)).isTrue());
            position = page.nextPosition();
        } while (!position.isEmpty());
        assertThat(msgs).hasSize(10);
    }
}
