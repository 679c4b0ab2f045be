package io.dtm4j.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame shared by TCC and XA global transactions: prepare, run the initiator's code, then submit, or abort
 * with the error text as rollback reason and rethrow.
 */
final class GlobalRunner {

    private static final Logger log = LoggerFactory.getLogger(GlobalRunner.class);

    /** The initiator's code between prepare and submit. */
    interface Body {
        void run() throws Exception;
    }

    private static final int MAX_REASON = 1000;

    private GlobalRunner() {
    }

    static void run(DtmClient client, TransType type, String gid, TransOptions options, Body body) {
        client.prepare(TransRequest.builder(gid, type).options(options).build());
        try {
            body.run();
        } catch (Exception | Error e) {
            Throwable abortError = abortAfter(client, type, gid, e);
            boolean aborted = abortError == null;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (isBranchFailure(e)) {
                // A branch call of the callback failed (a try, an XA action): the transaction failed, say so.
                throw DtmTransactionFailedException.aborted(type, gid, (DtmException) e, abortError);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new DtmException(type + " gid '" + gid + "': the callback threw " + e + "; " + (aborted
                    ? "the transaction was aborted" : "the abort failed, so the server rolls it back when it times"
                    + " out") + " (see the cause)", e, DtmException.NO_STATUS, null, gid, null, null);
        }
        client.submit(TransRequest.builder(gid, type).options(options).build());
    }

    /** A branch call's error (it names its branch), as opposed to an error of the initiator's own code. */
    static boolean isBranchFailure(Throwable e) {
        return e instanceof DtmException d && !(e instanceof DtmTransactionException) && d.branchId() != null
                && d.gid() != null;
    }

    /**
     * The rollback reason DTM stores for an error: the answer's body for a failed branch call (as the Go client
     * does), else the message; cut to fit the server's 1024-character column.
     */
    static String reason(Throwable error) {
        String text = error instanceof DtmException d && d.body() != null && !d.body().isBlank() ? d.body()
                : error.getMessage();
        if (text == null || text.isBlank()) {
            text = error.getClass().getName();
        }
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }

    /** Aborts; returns null when the server took the abort, else its error (also attached to the cause). */
    private static Throwable abortAfter(DtmClient client, TransType type, String gid, Throwable cause) {
        log.debug("{} gid {} aborting after {}", type, gid, cause.toString());
        try {
            client.abort(TransRequest.builder(gid, type).rollbackReason(reason(cause)).build());
            return null;
        } catch (RuntimeException abortError) {
            // The server times the transaction out and rolls it back anyway; keep both errors for the caller.
            cause.addSuppressed(abortError);
            log.warn("{} gid {}: abort failed after the callback threw; the server will roll it back when"
                    + " it times out: {}", type, gid, abortError.getMessage());
            return abortError;
        }
    }
}
