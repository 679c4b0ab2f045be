package io.dtm4j.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method a DTM workflow: registered under its name at start-up, and executed as a new workflow
 * (a new gid) when called. The method takes the {@link io.dtm4j.client.Workflow} handle (pass {@code null}: it is
 * filled in) and at most one more parameter, its input, which is stored as JSON and given back when the server
 * resumes the workflow; its return value, as JSON, is the workflow's result. Branches are opened on the handle;
 * calls made through it are recorded, so a resumed run replays them instead of calling again.
 *
 * <pre>{@code
 * @DtmWorkflow("transfer")
 * public Receipt transfer(Workflow wf, TransferRequest req) {
 *     wf.newBranch().onRollback(barrier -> wf.call(bank.post("/transOutRevert", req)));
 *     wf.call(bank.post("/transOut", req));
 *     wf.newBranch().onRollback(barrier -> wf.call(bank.post("/transInRevert", req)));
 *     wf.call(bank.post("/transIn", req));
 *     return new Receipt(wf.gid());
 * }
 * }</pre>
 *
 * <p>Throwing {@link io.dtm4j.client.DtmFailureException} fails the workflow (its rollbacks run, newest branch
 * first; the caller gets a {@link io.dtm4j.client.DtmTransactionFailedException}); any other exception leaves it
 * unfinished (the caller gets a {@link io.dtm4j.client.DtmTransactionPendingException}) until the server resumes
 * it through the starter's callback endpoint ({@code dtm.workflow.callback-path}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DtmWorkflow {

    /**
     * The workflow's name: unique in the application, and the same in every instance of it.
     *
     * @return the name
     */
    String value();
}
