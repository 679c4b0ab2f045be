package io.dtm4j.server.internal.store;

import io.dtm4j.client.TransType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The write-ahead log's records: one per store change, in a small binary form, replayed through the same store
 * operations (so a change the store below already has is refused by its own compare-and-set and skipped).
 */
final class WalCodec {

    /** Record types. */
    enum Type {
        CREATE, APPEND, STATUS, BRANCHES, KV_CREATE, KV_UPDATE, KV_DELETE
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    private final DataOutputStream out = new DataOutputStream(bytes);

    private WalCodec(Type type) {
        u8(type.ordinal());
    }

    static byte[] create(GlobalTrans g, List<BranchTrans> branches) {
        WalCodec w = new WalCodec(Type.CREATE);
        w.global(g);
        w.u32(branches.size());
        branches.forEach(w::branch);
        return w.done();
    }

    static byte[] append(String gid, TransStatus expected, List<BranchTrans> branches) {
        WalCodec w = new WalCodec(Type.APPEND);
        w.str(gid).str(expected.wire());
        w.u32(branches.size());
        branches.forEach(w::branch);
        return w.done();
    }

    static byte[] status(GlobalTrans g, TransStatus old, List<BranchTrans> branches) {
        WalCodec w = new WalCodec(Type.STATUS);
        w.str(g.gid).str(old.wire()).str(g.status.wire()).time(g.updateTime).time(g.finishTime)
                .time(g.rollbackTime).str(g.rollbackReason).str(g.result).str(g.owner).time(g.nextCronTime);
        w.branchResults(branches);
        return w.done();
    }

    static byte[] branches(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
        WalCodec w = new WalCodec(Type.BRANCHES);
        w.str(gid).str(globalStatus.wire());
        w.branchResults(branches);
        return w.done();
    }

    static byte[] kv(Type type, String cat, String key, String value, long version) {
        WalCodec w = new WalCodec(type);
        w.str(cat).str(key).str(value);
        w.u64(version);
        return w.done();
    }

    /** Applies one record to {@code store} with the operation that made it; a change it already has is skipped. */
    static void replay(ByteBuffer in, TransStore store) {
        Reader r = new Reader(in);
        Type type = Type.values()[r.u8()];
        try {
            switch (type) {
                case CREATE -> {
                    GlobalTrans g = r.global();
                    WalReplay.create(store, g, r.branches(g.gid, false));
                }
                case APPEND -> {
                    String gid = r.str();
                    TransStatus expected = TransStatus.of(r.str());
                    WalReplay.append(store, gid, expected, r.branches(gid, false));
                }
                case STATUS -> {
                    GlobalTrans g = new GlobalTrans();
                    g.gid = r.str();
                    TransStatus old = TransStatus.of(r.str());
                    g.status = TransStatus.of(r.str());
                    g.updateTime = r.time();
                    g.finishTime = r.time();
                    g.rollbackTime = r.time();
                    g.rollbackReason = r.str();
                    g.result = r.str();
                    g.owner = r.str();
                    g.nextCronTime = r.time();
                    WalReplay.status(store, g, old, r.branches(g.gid, true));
                }
                case BRANCHES -> {
                    String gid = r.str();
                    TransStatus status = TransStatus.of(r.str());
                    WalReplay.branches(store, gid, status, r.branches(gid, true));
                }
                case KV_CREATE -> store.createKv(r.str(), r.str(), r.str());
                case KV_UPDATE -> store.updateKv(r.str(), r.str(), r.str(), r.u64());
                case KV_DELETE -> store.deleteKv(r.str(), r.str());
                default -> throw new IllegalStateException("unknown write-ahead log record " + type);
            }
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.FAILED) {
                throw e;
            }
            // DUPLICATE or NOT_FOUND: the store below has this change (or a later one) already.
        }
    }

    private void global(GlobalTrans g) {
        str(g.gid).str(g.transType.wireName()).str(g.status.wire()).str(g.queryPrepared).str(g.protocol)
                .time(g.createTime).time(g.updateTime).time(g.finishTime).time(g.rollbackTime).str(g.options)
                .str(g.customData).u64(g.nextCronInterval).time(g.nextCronTime).str(g.owner).str(g.extData)
                .str(g.result).str(g.rollbackReason);
    }

    private void branch(BranchTrans b) {
        str(b.branchId).str(b.op).str(b.url).str(b.status.wire()).time(b.createTime).time(b.updateTime)
                .time(b.finishTime).time(b.rollbackTime);
        u32(b.binData.length);
        write(b.binData);
    }

    private void branchResults(List<BranchTrans> branches) {
        u32(branches.size());
        for (BranchTrans b : branches) {
            str(b.branchId).str(b.op).str(b.status.wire()).time(b.updateTime).time(b.finishTime)
                    .time(b.rollbackTime);
        }
    }

    private WalCodec str(String s) {
        if (s == null) {
            return u32(-1);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        write(b);
        return this;
    }

    private WalCodec time(Instant t) {
        if (t == null) {
            return u64(Long.MIN_VALUE);
        }
        u64(t.getEpochSecond());
        return u32(t.getNano());
    }

    private WalCodec u8(int v) {
        bytes.write(v);
        return this;
    }

    private WalCodec u32(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private WalCodec u64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void write(byte[] b) {
        bytes.write(b, 0, b.length);
    }

    private byte[] done() {
        return bytes.toByteArray();
    }

    /** Reads the fields back in the order they were written. */
    private static final class Reader {
        private final ByteBuffer in;

        Reader(ByteBuffer in) {
            this.in = in;
        }

        int u8() {
            return in.get() & 0xff;
        }

        long u64() {
            return in.getLong();
        }

        String str() {
            int n = in.getInt();
            if (n < 0) {
                return null;
            }
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        Instant time() {
            long seconds = in.getLong();
            return seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, in.getInt());
        }

        GlobalTrans global() {
            GlobalTrans g = new GlobalTrans();
            g.gid = str();
            g.transType = TransType.fromWireName(str());
            g.status = TransStatus.of(str());
            g.queryPrepared = str();
            g.protocol = str();
            g.createTime = time();
            g.updateTime = time();
            g.finishTime = time();
            g.rollbackTime = time();
            g.options = str();
            g.customData = str();
            g.nextCronInterval = u64();
            g.nextCronTime = time();
            g.owner = str();
            g.extData = str();
            g.result = str();
            g.rollbackReason = str();
            return g;
        }

        List<BranchTrans> branches(String gid, boolean resultsOnly) {
            int n = in.getInt();
            List<BranchTrans> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                BranchTrans b = new BranchTrans();
                b.gid = gid;
                b.branchId = str();
                b.op = str();
                if (!resultsOnly) {
                    b.url = str();
                }
                b.status = BranchStatus.of(str());
                if (!resultsOnly) {
                    b.createTime = time();
                }
                b.updateTime = time();
                b.finishTime = time();
                b.rollbackTime = time();
                if (!resultsOnly) {
                    b.binData = new byte[in.getInt()];
                    in.get(b.binData);
                }
                list.add(b);
            }
            return list;
        }
    }
}
