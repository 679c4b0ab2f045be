package io.dtm4j.samples.support;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The branch calls a sample's handlers served, in order, each printed as it ends: what DTM called, and what the
 * handler's body did (nothing when the barrier skipped it). Tests read {@link #calls()}.
 */
public final class BranchCalls {

    /** How many calls are kept: a sample run as a service must not grow without bound. */
    private static final int MAX_KEPT = 10_000;

    private final List<String> calls = new ArrayList<>();
    private final PrintStream out;

    /**
     * Creates the record.
     *
     * @param out where the calls are printed, or null to print nothing
     */
    public BranchCalls(PrintStream out) {
        this.out = out;
    }

    /**
     * Records one call.
     *
     * @param handler the handler's path
     * @param op the branch op
     * @param branchId the branch id
     * @param status the HTTP status answered
     * @param work what the body did, or null when it did not run
     */
    public synchronized void record(String handler, String op, String branchId, int status, String work) {
        String call = handler + " " + op + " " + status;
        if (calls.size() == MAX_KEPT) {
            calls.remove(0);
        }
        calls.add(call);
        if (out != null) {
            out.printf("   <- %-16s %-10s branch %-5s %d  %s%n", handler, op, branchId, status,
                    work != null ? work : describe(op, status));
        }
    }

    private static String describe(String op, int status) {
        if (op.equals("msg")) {
            return status == 200 ? "(back-check: the local transaction committed)"
                    : status == 409 ? "(back-check: the local transaction never committed)" : "";
        }
        if (status != 200) {
            return "";
        }
        return switch (op) {
            case "compensate", "cancel", "rollback" -> "(barrier: skipped, its action never ran: nothing to undo)";
            default -> "(barrier: skipped, already done, or its compensation came first)";
        };
    }

    /**
     * The calls so far, as "handler op status".
     *
     * @return a copy
     */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls so far. */
    public synchronized void clear() {
        calls.clear();
    }
}
