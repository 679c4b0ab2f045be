package io.dtm4j.server.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the server keeps transactions. Every status change is compare-and-set on the previous status (spec §6.1,
 * §14.8), so several server instances can share one store. Implementations must be thread-safe.
 */
public interface TransStore extends KvStore, io.dtm4j.server.store.DtmStore {

    /**
     * Reads a transaction.
     *
     * @param gid the gid
     * @return a copy of the row, or empty
     */
    Optional<GlobalTrans> findGlobal(String gid);

    /**
     * Reads a transaction's branch rows in storage order.
     *
     * @param gid the gid
     * @return copies of the rows
     */
    List<BranchTrans> findBranches(String gid);

    /**
     * Creates a transaction and its first branch rows atomically.
     *
     * @param global the row (its id is assigned)
     * @param branches the rows
     * @throws StoreException DUPLICATE when the gid exists
     */
    void create(GlobalTrans global, List<BranchTrans> branches);

    /**
     * Adds branch rows to a transaction that is in {@code expectedStatus}.
     *
     * @param gid the gid
     * @param expectedStatus the status the transaction must have
     * @param branches the rows
     * @throws StoreException NOT_FOUND when the transaction is absent or in another status, DUPLICATE when a
     *     (branch_id, op) exists
     */
    void appendBranches(String gid, TransStatus expectedStatus, List<BranchTrans> branches);

    /**
     * Writes a transaction's status and the fields a status change sets (times, reason, result, and the round's
     * lease: owner and next cron time), if its status is still {@code oldStatus};
     * in the same atomic step, writes the status and times of the given branch rows (found by branch_id and op).
     * The engine hands over the branch results of the round so far, so a round that ends in a status change costs
     * one write.
     *
     * @param global the row with the new values
     * @param oldStatus the status it must still have
     * @param branches branch rows whose status to write with it; may be empty
     * @return {@code false} when it no longer had that status (nothing written, branch rows included)
     */
    boolean changeStatus(GlobalTrans global, TransStatus oldStatus, List<BranchTrans> branches);

    /**
     * Like {@link #changeStatus(GlobalTrans, TransStatus, List)} with no branch rows.
     *
     * @param global the row with the new values
     * @param oldStatus the status it must still have
     * @return {@code false} when it no longer had that status (nothing written)
     */
    default boolean changeStatus(GlobalTrans global, TransStatus oldStatus) {
        return changeStatus(global, oldStatus, List.of());
    }

    /**
     * Writes the status and times of branch rows of one transaction, found by (branch_id, op), atomically and only
     * if the transaction still has {@code globalStatus}.
     *
     * @param gid the transaction
     * @param globalStatus the status the transaction must still have
     * @param branches the rows; an empty list writes nothing and answers whether the status matched
     * @return {@code false} when it did not have that status (nothing written)
     */
    boolean updateBranches(String gid, TransStatus globalStatus, List<BranchTrans> branches);

    /**
     * A hint that branch results were just received, before the engine writes them (with the round's next status
     * change, say). A store that can keep them cheaply (the embedded store appends them to its log, without
     * waiting for the disk) does so, so that a crash repeats fewer branch calls; the others ignore it.
     *
     * @param gid the transaction
     * @param globalStatus the transaction's status
     * @param branches the rows with their results
     */
    default void noteBranchResults(String gid, TransStatus globalStatus, List<BranchTrans> branches) {
    }

    /**
     * At start, makes due at once every transaction whose rounds the previous server process may have left half
     * done (submitted or aborting), so that they finish at once instead of when their leases expire. Only a store
     * that one server process owns can tell; a shared store does nothing here (another instance may hold them).
     *
     * @param now the new next cron time
     * @return how many transactions were made due
     */
    default int dueAtStart(Instant now) {
        return 0;
    }

    /**
     * Sets when the cron looks at a transaction next, if the caller still owns it: a round whose transaction was
     * leased again meanwhile (by the cron of this or another instance) cannot move the new owner's schedule.
     *
     * @param gid the gid
     * @param status the status it must still have
     * @param owner the lease token it must still have ({@link GlobalTrans#owner}), or {@code null} for an
     *     operator's change that applies whoever owns it
     * @param nextCronTime the time
     * @param interval the current retry interval in seconds
     * @return {@code false} when the status or the owner differed (nothing written)
     */
    boolean touch(String gid, TransStatus status, String owner, Instant nextCronTime, long interval);

    /**
     * Hands a transaction's lease over, if its status still matches: from {@code expectedOwner} when given (a
     * round releasing its own lease: {@code newOwner} ""), else only when no round holds it (its owner is "" or
     * its next cron time is before {@code now}). Sets owner, next cron time and interval.
     *
     * @param gid the gid
     * @param status the status it must have
     * @param expectedOwner the owner it must have, or {@code null} for "free or expired"
     * @param newOwner the new owner ("" releases it)
     * @param until the new next cron time
     * @param interval the current retry interval in seconds
     * @param now the time a lease must have expired by, when {@code expectedOwner} is {@code null}
     * @return {@code false} when the conditions did not hold (nothing written)
     */
    boolean lease(String gid, TransStatus status, String expectedOwner, String newOwner, Instant until, long interval,
            Instant now);

    /**
     * Leases one unfinished transaction whose next cron time is before {@code dueBefore}: sets its next cron time
     * to {@code leaseUntil} and its owner to {@code owner}.
     *
     * @param dueBefore the due limit
     * @param leaseUntil the new next cron time
     * @param owner the lease token
     * @return a copy of the leased row, or empty when none is due
     */
    Optional<GlobalTrans> leaseOne(Instant dueBefore, Instant leaseUntil, String owner);

    /**
     * Sets {@code next_cron_time = now} for up to {@code limit} unfinished transactions whose next cron time is
     * after {@code later} (spec §2 {@code resetCronTime}).
     *
     * @param later the threshold
     * @param now the new next cron time
     * @param limit the maximum number of rows changed
     * @return how many rows were changed
     */
    int resetCronTime(Instant later, Instant now, int limit);

    /**
     * Lists transactions newest first (spec §2 {@code all}).
     *
     * @param query filters and paging
     * @return rows and the next position ("" when exhausted)
     */
    ScanResult scan(ScanQuery query);

    /**
     * Deletes every transaction, branch row and KV entry and recreates the storage: the official server's
     * {@code -r} flag (spec §8.4), for development and tests.
     *
     * @throws StoreException FAILED when the storage cannot be reset
     */
    void reset();

    /**
     * The largest branch payload the store can hold; a request with a larger one is refused at submit.
     *
     * @return bytes (MySQL/MariaDB: 65,535, its {@code blob} column)
     */
    default int maxPayloadBytes() {
        return Integer.MAX_VALUE;
    }

    @Override
    default void close() {
    }
}
