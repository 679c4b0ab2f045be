package io.dtm4j.client;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns "the transaction did not simply succeed" into the {@link DtmTransactionException} that says what is true,
 * from a query of the gid: failed or rolling back, not finished yet (and what is being retried), or unknown.
 */
final class Outcomes {

    private static final Set<String> FORWARD = Set.of("action", "confirm", "commit");
    private static final Set<String> BACKWARD = Set.of("compensate", "cancel", "rollback");
    private static final int MAX_QUOTE = 300;

    private Outcomes() {
    }

    /** Empty when the transaction succeeded after all; else the exception to throw. */
    static Optional<DtmTransactionException> of(DtmClient client, String gid, TransType type, Throwable cause) {
        TransQueryResult q;
        try {
            q = client.query(gid);
        } catch (DtmException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            return Optional.of(new DtmTransactionException(type.wireName() + " gid '" + gid + "': the outcome is"
                    + " not known: " + describe(cause) + ", and asking the server failed too (" + e.getMessage()
                    + "); query the gid later, before treating it as failed", cause, gid, type, TransStatus.UNKNOWN,
                    branchOf(cause), opOf(cause), null, bodyOf(cause)));
        }
        if (q.transaction().isEmpty()) {
            boolean refused = cause instanceof DtmException d && d.httpStatus() >= 400 && d.httpStatus() < 500;
            String what = refused ? "; the server refused it, so nothing was stored and nothing will run (fix the"
                    + " cause and start it again)" : "; it may still be stored (the answer was lost or late): query"
                    + " the gid again before starting it anew";
            return Optional.of(new DtmTransactionException(type.wireName() + " gid '" + gid + "' is unknown to the"
                    + " server: " + describe(cause) + what, cause, gid, type, TransStatus.UNKNOWN, branchOf(cause),
                    opOf(cause), null, bodyOf(cause)));
        }
        TransactionInfo t = q.transaction().get();
        TransStatus status = t.status();
        if (status == TransStatus.SUCCEED) {
            return Optional.empty();
        }
        boolean failing = status == TransStatus.FAILED || status == TransStatus.ABORTING;
        BranchInfo branch = stuck(q.branches(), status);
        String branchId = branchOf(cause) != null ? branchOf(cause) : branch == null ? null : branch.branchId();
        String op = opOf(cause) != null ? opOf(cause) : branch == null ? null : branch.op();
        String url = branchOf(cause) != null ? null : branch == null ? null : branch.url();
        String reason = bodyOf(cause) != null ? message(client, bodyOf(cause)) : !t.rollbackReason().isBlank()
                ? t.rollbackReason() : cause == null ? null : cause.getMessage();
        String where = branchId != null ? ": branch " + branchId + " " + op + (url == null ? "" : " at " + url)
                + (reason == null ? "" : " answered " + quote(reason)) : reason == null ? "" : ": " + quote(reason);
        String head = type.wireName() + " gid '" + gid + "' ";
        if (status == TransStatus.FAILED) {
            return Optional.of(new DtmTransactionFailedException(head + "failed and was rolled back (status"
                    + " 'failed')" + where + "; the outcome is final", cause, gid, type, status, branchId, op, url,
                    reason));
        }
        if (failing) {
            return Optional.of(new DtmTransactionFailedException(head + "failed and is being rolled back (status"
                    + " 'aborting')" + where + "; the server runs the " + (type == TransType.SAGA ? "compensations"
                    : type == TransType.TCC ? "cancels" : "rollbacks") + " and retries them until they succeed",
                    cause, gid, type, status, branchId, op, url, reason));
        }
        long every = t.nextCronInterval();
        if (status == TransStatus.PREPARED) {
            return Optional.of(new DtmTransactionPendingException(head + "is not finished yet (status 'prepared')"
                    + where + ": it was not submitted; the server " + (type == TransType.MSG ? "asks its back-check"
                    : "rolls it back") + " when it times out, unless it is submitted first", cause, gid, type, status,
                    branchId, op, url, reason, every));
        }
        return Optional.of(new DtmTransactionPendingException(head + "is not finished yet (status '"
                + status.wireName() + "')" + where + "; the server retries it" + (every > 0 ? " every " + every
                + " s" : "") + (t.nextCronTime() == null ? "" : " (next at " + t.nextCronTime() + ")") + " until it"
                + " succeeds or times out: query the gid for the outcome instead of treating it as failed, and fix"
                + " the branch if its answer is a mistake", cause, gid, type, status, branchId, op, url, reason,
                every));
    }

    /**
     * The branch that holds things up: the first that failed; while rolling back, the newest compensation not done
     * (DTM undoes newest first); else the first forward op not done.
     */
    private static BranchInfo stuck(List<BranchInfo> branches, TransStatus status) {
        if (status == TransStatus.FAILED) {
            return branches.stream().filter(b -> b.status() == TransStatus.FAILED).findFirst().orElse(null);
        }
        Set<String> ops = status == TransStatus.ABORTING ? BACKWARD : FORWARD;
        List<BranchInfo> waiting = branches.stream().filter(b -> b.status() == TransStatus.PREPARED
                && ops.contains(b.op()) && (status != TransStatus.ABORTING || !neverRan(branches, b))).toList();
        if (waiting.isEmpty()) {
            return null;
        }
        return status == TransStatus.ABORTING ? waiting.get(waiting.size() - 1) : waiting.get(0);
    }

    /** Whether a compensation's own forward op is still undone (a saga step never reached: nothing to undo). */
    private static boolean neverRan(List<BranchInfo> branches, BranchInfo compensation) {
        return compensation.op().equals("compensate") && branches.stream().anyMatch(b -> b.op().equals("action")
                && b.branchId().equals(compensation.branchId()) && b.status() == TransStatus.PREPARED);
    }

    private static String branchOf(Throwable cause) {
        return cause instanceof DtmException d ? d.branchId() : null;
    }

    private static String opOf(Throwable cause) {
        return cause instanceof DtmException d && d.branchId() != null ? d.op() : null;
    }

    private static String bodyOf(Throwable cause) {
        return cause instanceof DtmException d && d.body() != null && !d.body().isBlank() ? d.body().strip() : null;
    }

    /** The {@code message} of a DTM server's JSON error answer, else the text as it is. */
    private static String message(DtmClient client, String body) {
        if (!body.startsWith("{")) {
            return body;
        }
        try {
            String message = client.objectMapper().readTree(body).path("message").asText("");
            String detail = "wait result not return success (last branch answer: ";
            if (message.startsWith(detail) && message.endsWith(")")) {
                return message.substring(detail.length(), message.length() - 1);
            }
            return message.isBlank() ? body : message;
        } catch (java.io.IOException | RuntimeException e) {
            return body;
        }
    }

    private static String describe(Throwable cause) {
        return cause == null ? "no answer" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static String quote(String text) {
        String t = text.length() > MAX_QUOTE ? text.substring(0, MAX_QUOTE) + "..." : text;
        return "'" + t + "'";
    }
}
