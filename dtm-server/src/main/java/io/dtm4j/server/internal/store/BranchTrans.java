package io.dtm4j.server.internal.store;

import java.time.Instant;

/**
 * One row of {@code trans_branch_op}: one call the server makes for a branch (spec §8.1). A mutable record
 * holder; stores hand out copies.
 */
public final class BranchTrans {

    /** Row id, assigned by the store. */
    public long id;
    /** Global transaction id. */
    public String gid;
    /** URL called. */
    public String url = "";
    /** Payload sent as the body. */
    public byte[] binData = new byte[0];
    /** Branch id, e.g. 01. */
    public String branchId;
    /** Op, e.g. action, compensate, confirm. */
    public String op;
    /** Status. */
    public BranchStatus status = BranchStatus.PREPARED;
    /** Creation time. */
    public Instant createTime;
    /** Last update. */
    public Instant updateTime;
    /** Time it succeeded. */
    public Instant finishTime;
    /** Time it failed. */
    public Instant rollbackTime;

    /**
     * Creates a prepared row.
     *
     * @param gid the gid
     * @param branchId the branch id
     * @param op the op
     * @param url the URL
     * @param binData the payload
     * @param now creation time
     * @return the row
     */
    public static BranchTrans of(String gid, String branchId, String op, String url, byte[] binData, Instant now) {
        BranchTrans b = new BranchTrans();
        b.gid = gid;
        b.branchId = branchId;
        b.op = op;
        b.url = url == null ? "" : url;
        b.binData = binData == null ? new byte[0] : binData;
        b.createTime = now;
        b.updateTime = now;
        return b;
    }

    /**
     * A copy (the payload array is shared: it is never changed).
     *
     * @return the copy
     */
    public BranchTrans copy() {
        BranchTrans c = of(gid, branchId, op, url, binData, createTime);
        c.id = id;
        c.status = status;
        c.updateTime = updateTime;
        c.finishTime = finishTime;
        c.rollbackTime = rollbackTime;
        return c;
    }
}
