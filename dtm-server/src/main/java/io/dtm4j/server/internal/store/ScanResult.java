package io.dtm4j.server.internal.store;

import java.util.List;

/**
 * One page of {@link TransStore#scan}.
 *
 * @param transactions the rows
 * @param nextPosition the position of the next page, "" when exhausted
 */
public record ScanResult(List<GlobalTrans> transactions, String nextPosition) {
}
