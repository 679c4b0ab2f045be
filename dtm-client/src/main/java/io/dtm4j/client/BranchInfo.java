package io.dtm4j.client;

import java.time.Instant;

/**
 * One branch row of a global transaction as the server reports it ({@code query}).
 *
 * @param id the server's row id
 * @param gid global transaction id
 * @param url the URL the server calls for this row
 * @param payload the body sent to {@link #url()}: {@code bin_data} decoded from base64 as UTF-8 text
 * @param branchId branch id, for example {@code 01}
 * @param op operation of this row, for example {@code action} or {@code compensate}
 * @param status row status: {@link TransStatus#PREPARED}, {@link TransStatus#SUCCEED} or
 *     {@link TransStatus#FAILED}
 * @param createTime creation time, or {@code null}
 * @param updateTime last update time, or {@code null}
 * @param finishTime time it succeeded, or {@code null}
 * @param rollbackTime time it failed, or {@code null}
 */
public record BranchInfo(long id, String gid, String url, String payload, String branchId, String op,
        TransStatus status, Instant createTime, Instant updateTime, Instant finishTime, Instant rollbackTime) {
}
