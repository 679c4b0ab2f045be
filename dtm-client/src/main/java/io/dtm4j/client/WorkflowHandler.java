package io.dtm4j.client;

/**
 * The code of a workflow: ordinary code whose branches are opened on the {@link Workflow} handle. It is run again
 * from the start when the server resumes the workflow; recorded actions then return their recorded results.
 *
 * <pre>{@code
 * workflows.register("transfer", (wf, input) -> {
 *     wf.newBranch().onRollback(barrier -> wf.call(revertOut(input)));
 *     wf.call(transOut(input));
 *     return "done".getBytes(StandardCharsets.UTF_8);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface WorkflowHandler {

    /**
     * Runs the workflow. Returning ends it successfully (the commit callbacks run); throwing a
     * {@link DtmFailureException} fails it (the rollback callbacks run, newest branch first); any other exception
     * leaves it unfinished, and the server resumes it later.
     *
     * @param wf the handle of this run
     * @param input the input the workflow was started with
     * @return the workflow's result, or {@code null} for none
     * @throws Exception a failure or an error, as above
     */
    byte[] execute(Workflow wf, byte[] input) throws Exception;
}
