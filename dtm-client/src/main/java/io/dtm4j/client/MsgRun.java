package io.dtm4j.client;

import io.dtm4j.client.MsgLocalTransaction.Outcome;
import io.dtm4j.client.internal.CallTarget;
import io.dtm4j.client.internal.HttpTransport;
import io.dtm4j.client.internal.Urls;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision of a 2-phase message around its local transaction, whichever strategy runs that transaction:
 * prepare before the local commit; committed, submit; rolled back, abort; unknown, ask the query-prepared endpoint
 * and, without a clear answer, leave it to the server's back-check. A submit that cannot reach the server after
 * the commit is logged, not thrown: the message is prepared and the back-check delivers it.
 */
final class MsgRun implements MsgLocalTransaction.Ending {

    private static final Logger log = LoggerFactory.getLogger(Msg.class);

    /** The local work of one run, against the strategy. */
    @FunctionalInterface
    interface Body {
        void execute(BranchContext barrier, MsgLocalTransaction.Ending ending) throws Exception;
    }

    private final Msg msg;
    private final String queryPrepared;
    private final BranchContext barrier;
    private boolean prepared;
    private String decided;
    private boolean aborted;
    private RuntimeException ownError;

    MsgRun(Msg msg, String queryPrepared, BranchContext barrier) {
        this.msg = msg;
        this.queryPrepared = queryPrepared;
        this.barrier = barrier;
    }

    String run(Body body) {
        Exception workError;
        try {
            body.execute(barrier, this);
            return msg.gid();
        } catch (Exception e) {
            if (e == ownError) {
                throw ownError;
            }
            workError = e;
        }
        if (prepared && decided != null) {
            if (aborted) {
                log.debug("msg gid {}: local work threw {}; {}", msg.gid(), workError.toString(), decided);
            } else {
                log.warn("msg gid {}: local work threw {}; {}", msg.gid(), workError.toString(), decided);
            }
        } else if (prepared) {
            decided = "the message is submitted or aborted when the local transaction ends";
        } else {
            decided = "nothing was sent";
        }
        if (workError instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (workError instanceof RuntimeException re) {
            throw re;
        }
        throw new DtmException("msg gid '" + msg.gid() + "': the local work threw " + workError + "; " + decided
                + " (see the cause)", workError, DtmException.NO_STATUS, null, msg.gid(), "00", "msg");
    }

    @Override
    public void prepare() {
        if (prepared) {
            throw new IllegalStateException("msg gid '" + msg.gid() + "' is prepared already (a local-transaction"
                    + " strategy calls prepare() once)");
        }
        msg.prepare(queryPrepared);
        prepared = true;
    }

    @Override
    public void ended(Outcome outcome, Throwable cause) {
        if (!prepared || decided != null) {
            throw new IllegalStateException("msg gid '" + msg.gid() + "': ended(" + outcome + ") "
                    + (prepared ? "reported twice" : "before prepare()") + " (a local-transaction strategy reports"
                    + " the end once, after prepare())");
        }
        Outcome known = outcome == Outcome.UNKNOWN ? askQueryPrepared() : outcome;
        if (known == Outcome.COMMITTED) {
            decided = submit(outcome == Outcome.UNKNOWN ? "the back-check said the work committed" : "committed",
                    cause);
        } else if (known == Outcome.ROLLED_BACK) {
            decided = abort(outcome == Outcome.UNKNOWN ? "the back-check said the work did not commit"
                    : "the local transaction rolled back", cause);
        } else {
            decided = "the back-check gave no clear answer, so the server's back-check decides later";
        }
    }

    private String submit(String why, Throwable cause) {
        try {
            msg.submit();
            return why + ", so the message was submitted";
        } catch (DtmException e) {
            if (msg.options().waitResult() && e.httpStatus() != DtmException.NO_STATUS) {
                // The server answered about the delivery itself (failed or not final yet): the caller hears it.
                decided = why + ", submitted; " + e.getMessage();
                if (cause != null) {
                    e.addSuppressed(cause);
                }
                ownError = e;
                throw e;
            }
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                log.warn("msg gid {}: {}, but the submit failed ({}); the message is prepared and the server's"
                        + " back-check will deliver it", msg.gid(), why, e.getMessage());
            }
            return why + ", but the submit failed (the server's back-check will deliver it)";
        }
    }

    private String abort(String why, Throwable cause) {
        try {
            msg.client.abort(TransRequest.builder(msg.gid(), TransType.MSG).rollbackReason(
                    cause == null ? why : GlobalRunner.reason(cause)).build());
            aborted = true;
            return "the message was aborted (" + why + ")";
        } catch (DtmException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                log.warn("msg gid {}: {}, and the abort failed ({}); the server's back-check will fail the message",
                        msg.gid(), why, e.getMessage());
            }
            return why + ", and the abort failed (the server's back-check will fail the message)";
        }
    }

    private Outcome askQueryPrepared() {
        HttpUrl target = Urls.withQuery(queryPrepared, barrier.toQuery());
        CallTarget callTarget = CallTarget.branch("msg query-prepared", msg.gid(), "00", "msg");
        DtmResult answer;
        try {
            HttpTransport.Answer reply = msg.client.transport().execute(HttpTransport.withHeaders(
                    HttpTransport.get(target), msg.options().branchHeaders()).build(), callTarget);
            answer = DtmResult.of(reply.status(), reply.body());
        } catch (DtmException unreachable) {
            answer = DtmResult.ERROR;
        }
        return answer == DtmResult.SUCCESS ? Outcome.COMMITTED
                : answer == DtmResult.FAILURE ? Outcome.ROLLED_BACK : Outcome.UNKNOWN;
    }
}
