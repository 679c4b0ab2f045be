package io.dtm4j.server.internal.store;

import io.dtm4j.server.internal.json.Json;
import io.dtm4j.server.internal.store.RedisScripts.Script;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store on Redis, in the official Redis store's key layout (spec §8.2), so one Redis can move between the
 * official server and this one: {@code P_g_<gid>} the transaction's JSON, {@code P_b_<gid>} its branch rows,
 * {@code P_s_<gid>} its status (the compare-and-set key), {@code P_u} the schedule (score: next cron time in unix
 * seconds), {@code P_kv_<cat>_<key>} KV rows. Every change that must be atomic is one Lua script
 * ({@link RedisScripts}). One connection is shared by every thread: Lettuce pipelines their commands on it.
 */
public final class RedisStore implements TransStore {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final RedisScripts scripts;
    private final String prefix;
    private final String dataExpire;
    private final String finishedExpire;
    private final String where;

    /**
     * Connects and loads the scripts.
     *
     * @param uri where Redis is (user, password, TLS and database included)
     * @param prefix the key prefix, {@code {a}} by default as in the official server
     * @param dataExpireSeconds how long a transaction's keys live ({@code STORE_DATA_EXPIRE}, 7 days)
     * @param finishedExpireSeconds how long they live once final ({@code STORE_FINISHED_DATA_EXPIRE}, 1 day)
     * @throws StoreException FAILED when Redis cannot be reached or refuses the scripts
     */
    public RedisStore(RedisURI uri, String prefix, long dataExpireSeconds, long finishedExpireSeconds) {
        this.prefix = prefix;
        this.dataExpire = Long.toString(dataExpireSeconds);
        this.finishedExpire = Long.toString(finishedExpireSeconds);
        this.where = uri.getHost() + ":" + uri.getPort();
        this.client = RedisClient.create(uri);
        try {
            this.connection = client.connect();
            this.redis = connection.sync();
            this.scripts = new RedisScripts(redis);
        } catch (RedisException e) {
            client.shutdown();
            throw failed("connect", e);
        }
    }

    static StoreException failed(String what, RedisException e) {
        return new StoreException(StoreException.Kind.FAILED, "the Redis store failed (" + what + "): " + e.getMessage()
                + " (check that Redis is up and STORE_HOST, STORE_PORT, STORE_USER and STORE_PASSWORD are right)", e);
    }

    private String[] keys(String gid) {
        return new String[] {prefix + "_g_" + gid, prefix + "_b_" + gid, prefix + "_u", prefix + "_s_" + gid};
    }

    private <T> T call(String what, java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw failed(what + " on " + where, e);
        }
    }

    @Override
    public Optional<GlobalTrans> findGlobal(String gid) {
        String json = call("get", () -> redis.get(prefix + "_g_" + gid));
        return json == null ? Optional.empty() : Optional.of(RedisRows.global(json));
    }

    @Override
    public List<BranchTrans> findBranches(String gid) {
        List<String> rows = call("lrange", () -> redis.lrange(prefix + "_b_" + gid, 0, -1));
        List<BranchTrans> branches = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            branches.add(RedisRows.branch(rows.get(i), i));
        }
        return branches;
    }

    @Override
    public void create(GlobalTrans global, List<BranchTrans> branches) {
        List<String> argv = new ArrayList<>(List.of(dataExpire, RedisRows.global(global),
                RedisRows.score(global.nextCronTime), global.gid, global.status.wire()));
        for (int i = 0; i < branches.size(); i++) {
            argv.add(RedisRows.branch(branches.get(i)));
            branches.get(i).id = i + 1;
        }
        String r = scripts.run(Script.CREATE, ScriptOutputType.STATUS, keys(global.gid), argv.toArray(new String[0]));
        if ("UNIQUE_CONFLICT".equals(r)) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "gid '" + global.gid + "' exists");
        }
    }

    @Override
    public void appendBranches(String gid, TransStatus expectedStatus, List<BranchTrans> branches) {
        List<String> argv = new ArrayList<>(List.of(dataExpire, expectedStatus.wire()));
        branches.forEach(b -> argv.add(RedisRows.branch(b)));
        String r = scripts.run(Script.APPEND, ScriptOutputType.STATUS, keys(gid), argv.toArray(new String[0]));
        if ("NOT_FOUND".equals(r)) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "no trans with gid: " + gid + " status: "
                    + expectedStatus + " found");
        }
        if ("UNIQUE_CONFLICT".equals(r)) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "a branch of gid '" + gid + "' exists");
        }
    }

    @Override
    public boolean changeStatus(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> branches) {
        return change(global.gid, oldStatus, global.status.wire(), RedisRows.statusFields(global),
                RedisRows.score(global.nextCronTime), branches);
    }

    @Override
    public boolean updateBranches(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
        return change(gid, globalStatus, "", "{}", "", branches);
    }

    private boolean change(String gid, TransStatus expected, String status, String fields, String score,
            List<BranchTrans> rows) {
        List<String> argv = new ArrayList<>(List.of(dataExpire, finishedExpire, expected.wire(), status, gid, fields,
                score));
        rows.forEach(b -> argv.add(RedisRows.branchResult(b)));
        return "OK".equals(scripts.run(Script.CHANGE, ScriptOutputType.STATUS, keys(gid), argv.toArray(new String[0])));
    }

    @Override
    public boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime, long interval) {
        return "OK".equals(scripts.run(Script.TOUCH, ScriptOutputType.STATUS, keys(gid), dataExpire, status.wire(),
                owner == null ? "" : owner, RedisRows.score(nextCronTime), gid, RedisRows.text(nextCronTime),
                Long.toString(interval), owner == null ? "0" : "1"));
    }

    @Override
    public boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner, Instant until,
            long interval, Instant now) {
        return "OK".equals(scripts.run(Script.HAND_OVER, ScriptOutputType.STATUS, keys(gid), dataExpire,
                status.wire(), expectedOwner == null ? "0" : "1", expectedOwner == null ? "" : expectedOwner,
                newOwner, RedisRows.score(until), gid, RedisRows.text(until), Long.toString(interval),
                RedisRows.score(now)));
    }

    @Override
    public Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner) {
        String json = scripts.run(Script.LEASE, ScriptOutputType.VALUE, new String[] {prefix + "_u"}, prefix,
                RedisRows.score(dueBefore), RedisRows.score(leaseUntil), owner, RedisRows.text(leaseUntil),
                RedisRows.text(dueBefore), dataExpire);
        return json == null ? Optional.empty() : Optional.of(RedisRows.global(json));
    }

    @Override
    public int resetCronTime(Instant later, Instant now, int limit) {
        Long n = scripts.run(Script.RESET_CRON, ScriptOutputType.INTEGER, new String[] {prefix + "_u"}, prefix,
                RedisRows.score(later), RedisRows.score(now), Integer.toString(limit), RedisRows.text(now));
        return n == null ? 0 : n.intValue();
    }

    /**
     * Lists transactions a page at a time, as the official Redis store does: by {@code SCAN} over the transaction
     * keys, the position being the cursor; the order is Redis's, not newest first. A page holds every match of the
     * batches it read, so it can be a little longer than the limit (the official store drops the rest of the last
     * batch, which the next page then never shows).
     */
    @Override
    public ScanResult scan(ScanQuery q) {
        List<GlobalTrans> rows = new ArrayList<>();
        String cursor = q.position() == null || q.position().isEmpty() ? "0" : q.position();
        do {
            KeyScanCursor<String> page = scanKeys(cursor, "_g_*", q.limit());
            cursor = page.getCursor();
            for (String json : values(page.getKeys())) {
                GlobalTrans g = RedisRows.global(json);
                // Every match of a batch, even past the limit: the cursor has moved past them all.
                if (q.matches(g)) {
                    rows.add(g);
                }
            }
        } while (rows.size() < q.limit() && !"0".equals(cursor));
        return new ScanResult(rows, "0".equals(cursor) ? "" : cursor);
    }

    private KeyScanCursor<String> scanKeys(String cursor, String pattern, int count) {
        ScanArgs args = ScanArgs.Builder.matches(glob(prefix) + pattern).limit(count);
        return call("scan", () -> redis.scan(ScanCursor.of(cursor), args));
    }

    private List<String> values(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(keys.size());
        for (KeyValue<String, String> kv : call("mget", () -> redis.mget(keys.toArray(new String[0])))) {
            if (kv.hasValue()) {
                values.add(kv.getValue());
            }
        }
        return values;
    }

    /** A prefix as a SCAN pattern: glob characters escaped. */
    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** Deletes every key under the prefix (the official server flushes the whole Redis instead). */
    @Override
    public void reset() {
        String cursor = "0";
        do {
            KeyScanCursor<String> page = scanKeys(cursor, "*", 1000);
            cursor = page.getCursor();
            if (!page.getKeys().isEmpty()) {
                call("unlink", () -> redis.unlink(page.getKeys().toArray(new String[0])));
            }
        } while (!"0".equals(cursor));
    }

    @Override
    public Optional<KvRecord> findKv(String cat, String key) {
        String json = call("get", () -> redis.get(kvKey(cat, key)));
        // The official layout joins category and key with '_', so "a_b"/"c" and "a"/"b_c" share a key: check.
        return Optional.ofNullable(json).map(RedisRows::kv).filter(r -> r.cat().equals(cat) && r.key().equals(key));
    }

    /** Lists a category's KV rows by {@code SCAN} (the position is the cursor), as the official store does. */
    @Override
    public KvPage scanKv(String cat, String position, int limit) {
        List<KvRecord> rows = new ArrayList<>();
        String cursor = position == null || position.isEmpty() ? "0" : position;
        do {
            KeyScanCursor<String> page = scanKeys(cursor, "_kv_" + glob(cat) + "_*", limit);
            cursor = page.getCursor();
            for (String json : values(page.getKeys())) {
                KvRecord r = RedisRows.kv(json);
                if (r.cat().equals(cat)) {
                    rows.add(r);
                }
            }
        } while (rows.size() < limit && !"0".equals(cursor));
        return new KvPage(rows, "0".equals(cursor) ? "" : cursor);
    }

    @Override
    public void createKv(String cat, String key, String value) {
        Instant now = Instant.now();
        String ok = call("set", () -> redis.set(kvKey(cat, key), RedisRows.kv(cat, key, value, 1, now, now),
                SetArgs.Builder.nx()));
        if (ok == null) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "kv " + cat + "/" + key + " exists");
        }
    }

    @Override
    public boolean updateKv(String cat, String key, String value, long version) {
        Optional<KvRecord> old = findKv(cat, key);
        if (old.isEmpty()) {
            return false;
        }
        String row = RedisRows.kv(cat, key, value, version + 1, old.get().createTime(), Instant.now());
        return "OK".equals(scripts.run(Script.KV_UPDATE, ScriptOutputType.STATUS, new String[] {kvKey(cat, key)},
                Long.toString(version), row));
    }

    @Override
    public boolean deleteKv(String cat, String key) {
        return call("del", () -> redis.del(kvKey(cat, key))) > 0;
    }

    private String kvKey(String cat, String key) {
        return prefix + "_kv_" + cat + "_" + key;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Redis store on " + where + " (prefix " + Json.truncate(prefix) + ")";
    }
}
