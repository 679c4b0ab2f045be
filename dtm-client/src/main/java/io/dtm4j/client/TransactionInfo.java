package io.dtm4j.client;

import java.time.Instant;

/**
 * A global transaction as the server reports it ({@code query} and {@code all}). Times are {@code null} when the
 * server did not send them.
 *
 * @param id the server's row id
 * @param gid global transaction id
 * @param transType mode, for example {@code saga} (kept as text so unknown modes survive)
 * @param status current status
 * @param protocol {@code http}, {@code grpc} or {@code json-rpc}
 * @param queryPrepared msg back-check or workflow callback URL, or empty
 * @param customData {@code custom_data} JSON text, or empty
 * @param options JSON text of the options the transaction was created with, or empty
 * @param result workflow result (base64), or empty
 * @param rollbackReason why it rolled back, or empty
 * @param nextCronInterval current retry interval in seconds
 * @param createTime creation time
 * @param updateTime last update time
 * @param finishTime time it reached {@code succeed}
 * @param rollbackTime time it reached {@code failed}
 * @param nextCronTime next time the server's cron looks at it
 */
public record TransactionInfo(long id, String gid, String transType, TransStatus status, String protocol,
        String queryPrepared, String customData, String options, String result, String rollbackReason,
        long nextCronInterval, Instant createTime, Instant updateTime, Instant finishTime, Instant rollbackTime,
        Instant nextCronTime) {
}
