package io.dtm4j.server.internal.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one change of the write-ahead log at start, whatever part of it (or of a later change) the store below
 * already has. Every logged change happened (it was logged only once applied), so its effect is brought about
 * however the store below was left: H2, killed while writing, has been seen to keep branch rows of a creation
 * without its global row, a global row without all its branch rows, and a global row whose status change was kept
 * without the branch results written with it. So a creation adds what is missing of it, a registration adds the
 * branch rows that are missing, and the branch results of a status change or of a branch update are written even
 * when the store below already has that status (or a later one). Branch results only move forward (from prepared
 * to a final status), so writing one again, or after a later change, leaves the same rows.
 */
final class WalReplay {

    private WalReplay() {
    }

    static void create(TransStore store, GlobalTrans g, List<BranchTrans> rows) {
        try {
            store.create(g, rows);
            return;
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DUPLICATE) {
                throw e;
            }
        }
        if (store.findGlobal(g.gid).isEmpty()) {
            // Its branch rows were kept without it: the global row alone, then whichever branch rows are missing.
            store.create(g, List.of());
        }
        addMissing(store, g.gid, rows);
    }

    static void append(TransStore store, String gid, TransStatus expected, List<BranchTrans> rows) {
        try {
            store.appendBranches(gid, expected, rows);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.FAILED) {
                throw e;
            }
            // Some rows are there already, or the transaction moved on: add the ones that are missing.
            addMissing(store, gid, rows);
        }
    }

    static void status(TransStore store, GlobalTrans g, TransStatus old, List<BranchTrans> results) {
        if (!store.changeStatus(g, old, results) && !results.isEmpty()) {
            branches(store, g.gid, g.status, results);
        }
    }

    static void branches(TransStore store, String gid, TransStatus status, List<BranchTrans> results) {
        if (!store.updateBranches(gid, status, results)) {
            store.findGlobal(gid).ifPresent(now -> store.updateBranches(gid, now.status, results));
        }
    }

    private static void addMissing(TransStore store, String gid, List<BranchTrans> rows) {
        Set<String> present = new HashSet<>();
        store.findBranches(gid).forEach(b -> present.add(b.branchId + "/" + b.op));
        List<BranchTrans> missing = rows.stream().filter(b -> !present.contains(b.branchId + "/" + b.op)).toList();
        if (!missing.isEmpty()) {
            store.findGlobal(gid).ifPresent(now -> store.appendBranches(gid, now.status, missing));
        }
    }
}
