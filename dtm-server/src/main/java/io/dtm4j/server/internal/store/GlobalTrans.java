package io.dtm4j.server.internal.store;

import io.dtm4j.client.TransType;
import java.time.Instant;

/**
 * One row of {@code trans_global}: a global transaction as the server stores it (spec §8.1). A mutable record
 * holder; stores hand out copies, so changing one changes nothing until it is written back.
 */
public final class GlobalTrans {

    /** Row id, assigned by the store. */
    public long id;
    /** Global transaction id. */
    public String gid;
    /** Mode. */
    public TransType transType;
    /** Status. */
    public TransStatus status;
    /** Msg back-check or workflow callback URL. */
    public String queryPrepared = "";
    /** http, grpc or json-rpc. */
    public String protocol = "http";
    /** Creation time. */
    public Instant createTime;
    /** Last update. */
    public Instant updateTime;
    /** Time it succeeded. */
    public Instant finishTime;
    /** Time it failed. */
    public Instant rollbackTime;
    /** JSON text of the options as submitted. */
    public String options = "";
    /** custom_data JSON text. */
    public String customData = "";
    /** Current retry interval, seconds. */
    public long nextCronInterval;
    /** Next time the cron picks it. */
    public Instant nextCronTime;
    /** Lease token of the last cron pick. */
    public String owner = "";
    /** Legacy headers JSON. */
    public String extData = "";
    /** Workflow result. */
    public String result = "";
    /** Why it rolled back. */
    public String rollbackReason = "";

    /**
     * A deep copy.
     *
     * @return the copy
     */
    public GlobalTrans copy() {
        GlobalTrans c = new GlobalTrans();
        c.id = id;
        c.gid = gid;
        c.transType = transType;
        c.status = status;
        c.queryPrepared = queryPrepared;
        c.protocol = protocol;
        c.createTime = createTime;
        c.updateTime = updateTime;
        c.finishTime = finishTime;
        c.rollbackTime = rollbackTime;
        c.options = options;
        c.customData = customData;
        c.nextCronInterval = nextCronInterval;
        c.nextCronTime = nextCronTime;
        c.owner = owner;
        c.extData = extData;
        c.result = result;
        c.rollbackReason = rollbackReason;
        return c;
    }

    /**
     * Whether the status is final.
     *
     * @return {@code true} for succeed and failed
     */
    public boolean isFinished() {
        return status != null && status.isFinal();
    }
}
