package io.dtm4j.client;

import io.dtm4j.client.internal.Texts;
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

    private GlobalRunner() {
    }

    static void run(DtmClient client, TransType type, String gid, TransOptions options, Body body) {
        client.prepare(TransRequest.builder(gid, type).options(options).build());
        try {
            body.run();
        } catch (Exception | Error e) {
            abortAfter(client, type, gid, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new DtmException(type + " gid '" + gid + "' was aborted because its callback threw "
                    + e + " (see the cause)", e, DtmException.NO_STATUS, null, gid, null, "abort");
        }
        client.submit(TransRequest.builder(gid, type).options(options).build());
    }

    private static void abortAfter(DtmClient client, TransType type, String gid, Throwable cause) {
        log.debug("{} gid {} aborting after {}", type, gid, cause.toString());
        try {
            client.abort(TransRequest.builder(gid, type)
                    .rollbackReason(Texts.reason(cause)).build());
        } catch (DtmException abortError) {
            // The server times the transaction out and rolls it back anyway; keep both errors for the caller.
            cause.addSuppressed(abortError);
            log.warn("{} gid {}: abort failed after the callback threw; the server will roll it back when"
                    + " it times out: {}", type, gid, abortError.getMessage());
        }
    }
}
