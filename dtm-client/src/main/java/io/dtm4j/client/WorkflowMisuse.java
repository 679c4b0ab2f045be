package io.dtm4j.client;

/**
 * A workflow's code used the handle wrongly (two rollbacks on one branch, {@code newBranch()} in a callback...):
 * thrown to the caller of {@code execute} as it is, never taken for a business outcome.
 */
final class WorkflowMisuse extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    WorkflowMisuse(String message) {
        super(message);
    }
}
