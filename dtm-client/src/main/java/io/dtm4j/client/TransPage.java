package io.dtm4j.client;

import java.util.List;

/**
 * One page of {@link DtmClient#all(AllQuery)}.
 *
 * @param transactions the transactions of this page
 * @param nextPosition pass to {@link AllQuery.Builder#position(String)} for the next page; empty when exhausted
 */
public record TransPage(List<TransactionInfo> transactions, String nextPosition) {

    /**
     * Normalises the components.
     * @param transactions see the record component
     * @param nextPosition see the record component
     */
    public TransPage {
        transactions = List.copyOf(transactions);
        nextPosition = nextPosition == null ? "" : nextPosition;
    }

    /**
     * Whether another page may follow.
     *
     * @return {@code true} when {@link #nextPosition()} is not empty
     */
    public boolean hasMore() {
        return !nextPosition.isEmpty();
    }
}
