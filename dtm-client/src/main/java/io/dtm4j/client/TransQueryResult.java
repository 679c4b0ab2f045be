package io.dtm4j.client;

import java.util.List;
import java.util.Optional;

/**
 * Answer of {@link DtmClient#query(String)}: the transaction, if the server knows the gid, and its branch rows in
 * storage order.
 *
 * @param transaction the transaction, empty for an unknown gid
 * @param branches the branch rows; empty for an unknown gid
 */
public record TransQueryResult(Optional<TransactionInfo> transaction, List<BranchInfo> branches) {

    /**
     * Normalises the components.
     * @param transaction see the record component
     * @param branches see the record component
     */
    public TransQueryResult {
        branches = List.copyOf(branches);
    }

    /**
     * The status of the transaction.
     *
     * @return the status, or {@link TransStatus#UNKNOWN} when the gid is unknown
     */
    public TransStatus status() {
        return transaction.map(TransactionInfo::status).orElse(TransStatus.UNKNOWN);
    }
}
