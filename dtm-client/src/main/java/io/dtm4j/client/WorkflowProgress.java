package io.dtm4j.client;

import java.nio.charset.StandardCharsets;

/**
 * The result of one recorded workflow step ({@code <branch_id>-<op>} in the server's progress rows): succeeded or
 * failed, with its bytes. A result that is not recordable (an ONGOING or erroring call) only carries the live
 * answer back to the caller.
 */
final class WorkflowProgress {

    /** One step's work, run when it is not recorded yet. */
    interface Attempt {
        WorkflowProgress run() throws Exception;
    }

    /** A phase-2 callback of a branch. */
    record Item(String branch, Workflow.FinishCallback callback) {
    }

    private final boolean succeeded;
    private final boolean recordable;
    private final byte[] data;
    private final DtmFailureException failure;
    private final Object live;

    private WorkflowProgress(boolean succeeded, boolean recordable, byte[] data, DtmFailureException failure,
            Object live) {
        this.succeeded = succeeded;
        this.recordable = recordable;
        this.data = data;
        this.failure = failure;
        this.live = live;
    }

    static WorkflowProgress succeeded(byte[] data) {
        return new WorkflowProgress(true, true, data, null, null);
    }

    static WorkflowProgress failed(byte[] data, DtmFailureException failure) {
        return new WorkflowProgress(false, true, data, failure, null);
    }

    /** A failure that is not recorded (it cannot be known again): the workflow rolls back. */
    static WorkflowProgress lost(DtmFailureException failure) {
        return new WorkflowProgress(false, false, new byte[0], failure, null);
    }

    /** A recorded call's result, with the answer the caller gets now. */
    static WorkflowProgress recorded(boolean succeeded, byte[] data, Object live) {
        return new WorkflowProgress(succeeded, true, data, null, live);
    }

    /** A row read back from the server: {@code succeed} or {@code failed} with its bytes; null for any other. */
    static WorkflowProgress stored(String status, byte[] data) {
        return switch (status) {
            case "succeed" -> new WorkflowProgress(true, true, data, null, null);
            case "failed" -> new WorkflowProgress(false, true, data, null, null);
            default -> null;
        };
    }

    /** A result that is not recorded: the caller gets the live answer. */
    static WorkflowProgress unrecorded(Object live) {
        return new WorkflowProgress(false, false, new byte[0], null, live);
    }

    boolean succeeded() {
        return succeeded;
    }

    boolean recordable() {
        return recordable;
    }

    byte[] data() {
        return data;
    }

    Object live() {
        return live;
    }

    /** The step's value: its bytes when it succeeded, else its failure (rebuilt from the record on a replay). */
    byte[] value(Workflow wf) {
        if (succeeded) {
            return data.clone();
        }
        if (failure != null) {
            throw failure;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        throw new DtmFailureException("workflow '" + wf.name() + "' gid '" + wf.gid() + "': the action of branch "
                + wf.branchId() + " failed in an earlier run: '" + text + "' (recorded; it is not run again)", 409,
                text, wf.gid(), wf.branchId(), Workflow.ACTION);
    }
}
