package io.dtm4j.server.internal.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A store in memory, for tests and throw-away development servers: nothing survives a restart. Thread-safe (one
 * lock).
 */
public final class MemoryStore implements TransStore {

    private final Map<String, GlobalTrans> globals = new HashMap<>();
    private final Map<String, List<BranchTrans>> branches = new HashMap<>();
    private final Map<String, KvRecord> kv = new java.util.LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized Optional<GlobalTrans> findGlobal(String gid) {
        GlobalTrans g = globals.get(gid);
        return g == null ? Optional.empty() : Optional.of(g.copy());
    }

    @Override
    public synchronized List<BranchTrans> findBranches(String gid) {
        List<BranchTrans> copies = new ArrayList<>();
        for (BranchTrans b : branches.getOrDefault(gid, List.of())) {
            copies.add(b.copy());
        }
        return copies;
    }

    @Override
    public synchronized void create(GlobalTrans global, List<BranchTrans> rows) {
        if (globals.containsKey(global.gid)) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "gid '" + global.gid + "' exists");
        }
        global.id = nextId++;
        globals.put(global.gid, global.copy());
        List<BranchTrans> list = new ArrayList<>();
        for (BranchTrans b : rows) {
            b.id = nextId++;
            list.add(b.copy());
        }
        branches.put(global.gid, list);
    }

    @Override
    public synchronized void appendBranches(String gid, TransStatus expectedStatus, List<BranchTrans> rows) {
        GlobalTrans g = globals.get(gid);
        if (g == null || g.status != expectedStatus) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "no trans with gid: " + gid + " status: "
                    + expectedStatus + " found");
        }
        List<BranchTrans> list = branches.computeIfAbsent(gid, k -> new ArrayList<>());
        for (BranchTrans b : rows) {
            for (BranchTrans existing : list) {
                if (existing.branchId.equals(b.branchId) && existing.op.equals(b.op)) {
                    throw new StoreException(StoreException.Kind.DUPLICATE, "branch " + b.branchId + "/" + b.op
                            + " of gid " + gid + " exists");
                }
            }
        }
        for (BranchTrans b : rows) {
            b.id = nextId++;
            list.add(b.copy());
        }
    }

    @Override
    public synchronized boolean changeStatus(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> rows) {
        GlobalTrans g = globals.get(global.gid);
        if (g == null || g.status != oldStatus) {
            return false;
        }
        writeBranches(global.gid, rows);
        g.status = global.status;
        g.updateTime = global.updateTime;
        g.finishTime = global.finishTime;
        g.rollbackTime = global.rollbackTime;
        g.rollbackReason = global.rollbackReason;
        g.result = global.result;
        g.owner = global.owner;
        g.nextCronTime = global.nextCronTime;
        return true;
    }

    @Override
    public synchronized boolean updateBranches(String gid, TransStatus globalStatus, List<BranchTrans> rows) {
        GlobalTrans g = globals.get(gid);
        if (g == null || g.status != globalStatus) {
            return false;
        }
        writeBranches(gid, rows);
        return true;
    }

    private void writeBranches(String gid, List<BranchTrans> rows) {
        List<BranchTrans> list = branches.getOrDefault(gid, List.of());
        for (BranchTrans row : rows) {
            for (int i = 0; i < list.size(); i++) {
                BranchTrans b = list.get(i);
                if (b.branchId.equals(row.branchId) && b.op.equals(row.op)) {
                    // Status and times only, like the SQL store: a result row need not carry the payload.
                    b.status = row.status;
                    b.updateTime = row.updateTime;
                    b.finishTime = row.finishTime;
                    b.rollbackTime = row.rollbackTime;
                }
            }
        }
    }

    @Override
    public synchronized void reset() {
        globals.clear();
        branches.clear();
        kv.clear();
    }

    @Override
    public synchronized boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime,
            long interval) {
        GlobalTrans g = globals.get(gid);
        if (g == null || g.status != status || owner != null && !owner.equals(g.owner)) {
            return false;
        }
        g.nextCronTime = nextCronTime;
        g.nextCronInterval = interval;
        return true;
    }

    @Override
    public synchronized boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner,
            Instant until, long interval, Instant now) {
        GlobalTrans g = globals.get(gid);
        if (g == null || g.status != status) {
            return false;
        }
        boolean free = expectedOwner == null ? g.owner.isEmpty() || g.nextCronTime == null
                || g.nextCronTime.isBefore(now) : expectedOwner.equals(g.owner);
        if (!free) {
            return false;
        }
        g.owner = newOwner;
        g.nextCronTime = until;
        g.nextCronInterval = interval;
        return true;
    }

    @Override
    public synchronized Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner) {
        List<GlobalTrans> due = new ArrayList<>();
        for (GlobalTrans g : globals.values()) {
            if (!g.isFinished() && g.nextCronTime != null && g.nextCronTime.isBefore(dueBefore)) {
                due.add(g);
            }
        }
        if (due.isEmpty()) {
            return Optional.empty();
        }
        GlobalTrans chosen = due.get(ThreadLocalRandom.current().nextInt(due.size()));
        chosen.nextCronTime = leaseUntil;
        chosen.owner = owner;
        chosen.updateTime = dueBefore;
        return Optional.of(chosen.copy());
    }

    @Override
    public synchronized ScanResult scan(ScanQuery q) {
        List<GlobalTrans> all = new ArrayList<>(globals.values());
        all.sort(Comparator.comparingLong((GlobalTrans g) -> g.id).reversed());
        long position = q.position() == null || q.position().isEmpty() ? Long.MAX_VALUE
                : Long.parseLong(q.position());
        List<GlobalTrans> page = new ArrayList<>();
        for (GlobalTrans g : all) {
            if (g.id < position && q.matches(g)) {
                page.add(g.copy());
                if (page.size() == q.limit()) {
                    break;
                }
            }
        }
        String next = page.size() < q.limit() ? "" : Long.toString(page.get(page.size() - 1).id);
        return new ScanResult(page, next);
    }

    @Override
    public synchronized int resetCronTime(Instant later, Instant now, int limit) {
        int changed = 0;
        for (GlobalTrans g : globals.values()) {
            if (changed < limit && !g.isFinished() && g.nextCronTime != null && g.nextCronTime.isAfter(later)) {
                g.nextCronTime = now;
                changed++;
            }
        }
        return changed;
    }

    @Override
    public synchronized Optional<KvRecord> findKv(String cat, String key) {
        return Optional.ofNullable(kv.get(cat + "\u0000" + key));
    }

    @Override
    public synchronized KvPage scanKv(String cat, String position, int limit) {
        long after = position == null || position.isEmpty() ? 0 : Long.parseLong(position);
        return KvPage.byId(kv.values().stream().filter(r -> r.cat().equals(cat) && r.id() > after)
                .sorted(Comparator.comparingLong(KvRecord::id)).limit(limit).toList(), limit);
    }

    @Override
    public synchronized void createKv(String cat, String key, String value) {
        if (kv.containsKey(cat + "\u0000" + key)) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "kv " + cat + "/" + key + " exists");
        }
        Instant now = Instant.now();
        kv.put(cat + "\u0000" + key, new KvRecord(nextId++, cat, key, value, 1, now, now));
    }

    @Override
    public synchronized boolean updateKv(String cat, String key, String value, long version) {
        KvRecord r = kv.get(cat + "\u0000" + key);
        if (r == null || r.version() != version) {
            return false;
        }
        kv.put(cat + "\u0000" + key, new KvRecord(r.id(), cat, key, value, version + 1, r.createTime(),
                Instant.now()));
        return true;
    }

    @Override
    public synchronized boolean deleteKv(String cat, String key) {
        return kv.remove(cat + "\u0000" + key) != null;
    }
}
