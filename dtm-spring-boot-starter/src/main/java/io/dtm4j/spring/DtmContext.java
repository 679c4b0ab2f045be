package io.dtm4j.spring;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.Msg;
import io.dtm4j.client.Saga;
import io.dtm4j.client.Tcc;
import io.dtm4j.spring.internal.ContextBinding;
import java.util.Optional;

/**
 * The DTM transaction of the annotated method running on this thread ({@code @DtmSaga}, {@code @DtmTcc},
 * {@code @DtmMsg}), for code
 * that does not take it as a parameter; and the explicit "mark for abort".
 *
 * <pre>{@code
 * @DtmSaga
 * public void transfer(TransferRequest req) {
 *     DtmContext.saga().add(out, outCompensate, req);
 *     if (!limits.allow(req)) {
 *         DtmContext.markForAbort("limit exceeded");   // the saga is not submitted; the method returns normally
 *     }
 * }
 * }</pre>
 */
public final class DtmContext {

    private DtmContext() {
    }

    /**
     * The saga of the running {@code @DtmSaga} method.
     *
     * @return the saga
     * @throws DtmException when no {@code @DtmSaga} method runs on this thread
     */
    public static Saga saga() {
        return require(Saga.class, "@DtmSaga");
    }

    /**
     * The TCC transaction of the running {@code @DtmTcc} method (or {@code DtmTemplate.tcc} callback).
     *
     * @return the transaction
     * @throws DtmException when no {@code @DtmTcc} method runs on this thread
     */
    public static Tcc tcc() {
        return require(Tcc.class, "@DtmTcc");
    }

    /**
     * The workflow handle of the running {@code @DtmWorkflow} method (or {@code Workflows} handler run by the
     * starter).
     *
     * @return the handle
     * @throws DtmException when no workflow runs on this thread
     */
    public static io.dtm4j.client.Workflow workflow() {
        return require(io.dtm4j.client.Workflow.class, "@DtmWorkflow");
    }

    /**
     * The workflow running on this thread, if any: for integrations that make calls inside workflows branches
     * (as the Feign support does).
     *
     * @return the handle, or empty outside a workflow
     */
    public static Optional<io.dtm4j.client.Workflow> currentWorkflow() {
        ContextBinding.Bound b = ContextBinding.current();
        return b != null && b.transaction() instanceof io.dtm4j.client.Workflow wf ? Optional.of(wf)
                : Optional.empty();
    }

    /**
     * The message of the running {@code @DtmMsg} method.
     *
     * @return the message
     * @throws DtmException when no {@code @DtmMsg} method runs on this thread
     */
    public static Msg msg() {
        return require(Msg.class, "@DtmMsg");
    }

    /**
     * The DTM branch this thread is serving: set for the HTTP request of a branch call (one that carries
     * {@code gid}, {@code trans_type}, {@code branch_id} and {@code op}) by the starter's Spring MVC support. Feign
     * and other outgoing calls use it to carry the context downstream.
     *
     * @return the branch, empty outside a branch call
     */
    public static Optional<BranchContext> branch() {
        return Optional.ofNullable(ContextBinding.branch());
    }

    /**
     * The gid of the transaction bound to this thread, if any.
     *
     * @return the gid
     */
    public static Optional<String> gid() {
        ContextBinding.Bound b = ContextBinding.current();
        return b == null ? Optional.empty() : Optional.of(b.gid());
    }

    /**
     * Marks the current transaction so that it is not committed when the method returns: a saga is not submitted,
     * a TCC transaction is aborted with this reason, a message's local transaction rolls back and nothing is sent.
     *
     * @param reason why, kept as the rollback reason where DTM stores one
     * @throws DtmException when no annotated DTM method runs on this thread
     */
    public static void markForAbort(String reason) {
        ContextBinding.Bound b = ContextBinding.current();
        if (b == null) {
            throw new DtmException("markForAbort('" + reason + "') called outside a @DtmSaga, @DtmTcc or @DtmMsg method"
                    + " (call it from the annotated method or code it calls on the same thread)");
        }
        if (b.transaction() instanceof io.dtm4j.client.Workflow wf) {
            throw new DtmException("markForAbort('" + reason + "') called inside workflow '" + wf.name() + "' gid '"
                    + wf.gid() + "', which has no abort mark (throw a DtmFailureException to fail the workflow and"
                    + " run its rollbacks)");
        }
        b.markForAbort(reason == null || reason.isBlank() ? "marked for abort" : reason);
    }

    private static <T> T require(Class<T> type, String annotation) {
        ContextBinding.Bound b = ContextBinding.current();
        if (b == null || !type.isInstance(b.transaction())) {
            throw new DtmException("no " + type.getSimpleName() + " is bound to this thread"
                    + (b == null ? "" : " (the bound transaction " + b.gid() + " is a "
                    + b.transaction().getClass().getSimpleName() + ")")
                    + " (call it from a " + annotation + " method, on the thread that runs it)");
        }
        return type.cast(b.transaction());
    }
}
