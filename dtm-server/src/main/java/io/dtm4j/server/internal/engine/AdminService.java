package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import io.dtm4j.server.internal.store.GlobalTrans;
import java.time.Instant;
import java.util.List;

/**
 * The operator's endpoints (spec §2): {@code forceStop}, {@code resetNextCronTime}, {@code resetCronTime}.
 */
public final class AdminService {

    private final Engine engine;

    public AdminService(Engine engine) {
        this.engine = engine;
    }

    public void forceStop(String gid) {
        GlobalTrans g = find(gid);
        if (g.isFinished()) {
            throw ApiException.failure("global transaction force stop error. status: " + g.status
                    + ". error: FAILURE");
        }
        engine.changeStatus(new Trans(g, TransOpts.fromStored(g.options), List.of(), g.createTime), TransStatus.FAILED,
                null);
    }

    /** Unlike the official Redis/Bolt stores, this really reschedules on every store (spec §14.11). */
    public void resetNextCronTime(String gid) {
        GlobalTrans g = find(gid);
        engine.store.touch(gid, g.status, null, engine.now(), g.nextCronInterval);
    }

    /** Returns {succeed_count, has_remaining}. */
    public long[] resetCronTime(long timeoutSeconds, int limit) {
        Instant now = engine.now();
        int changed = engine.store.resetCronTime(now.plusSeconds(timeoutSeconds), now, limit);
        return new long[] {changed, changed == limit ? 1 : 0};
    }

    private GlobalTrans find(String gid) {
        if (gid == null || gid.isEmpty()) {
            throw ApiException.badRequest("gid is required (send {\"gid\": ...})");
        }
        return engine.store.findGlobal(gid).orElseThrow(() -> ApiException.error("no TransGlobal with gid: " + gid
                + " found"));
    }
}
