package io.dtm4j.client;

import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.client.internal.BranchIdGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Handle of one run of a workflow, given to its {@link WorkflowHandler}: opens branches, registers each branch's
 * rollback, commit or finish callback, and runs its one recorded action, a local {@link #doStep(Step) step} or a
 * call through {@link #httpClient()} / {@link #call(Request)}. A recorded action runs once: when the server
 * resumes the workflow, its recorded result is returned instead of running it again. Not thread-safe: use it on
 * the handler's thread.
 *
 * <pre>{@code
 * workflows.register("transfer", (wf, input) -> {
 *     wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransOutRevert", input)));
 *     wf.call(post(bank + "/TransOut", input));
 *     wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransInRevert", input)));
 *     wf.call(post(bank + "/TransIn", input));
 *     return null;
 * });
 * }</pre>
 */
public final class Workflow {

    /** A local step, recorded as the branch's action: its bytes are the step's result. */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step; throw {@link DtmFailureException} for a business failure (recorded, rolls back).
         *
         * @param barrier the barrier of this branch and op {@code action}
         * @return the result, or {@code null} for none
         * @throws Exception any other error: not recorded, the workflow is resumed later
         */
        byte[] run(BranchBarrier barrier) throws Exception;
    }

    /** A phase-2 callback: a rollback or a commit of one branch. */
    @FunctionalInterface
    public interface Callback {
        /**
         * Runs the callback; it must succeed eventually (any exception has it retried on the next resume).
         *
         * @param barrier the barrier of this branch and op {@code rollback} or {@code commit}
         * @throws Exception to have it retried
         */
        void run(BranchBarrier barrier) throws Exception;
    }

    /** A callback run in phase 2 whichever way the workflow ends. */
    @FunctionalInterface
    public interface FinishCallback {
        /**
         * Runs the callback.
         *
         * @param barrier the barrier of this branch and op {@code rollback} or {@code commit}
         * @param isRollback whether the workflow is rolling back
         * @throws Exception to have it retried
         */
        void run(BranchBarrier barrier, boolean isRollback) throws Exception;
    }

    static final String ACTION = "action";
    static final byte[] NONE = new byte[0];

    private final Workflows owner;
    private final String name;
    private final String gid;
    private final byte[] input;
    private final Map<String, WorkflowProgress> progress;
    private final BranchIdGenerator branchIds = new BranchIdGenerator("");
    private final List<WorkflowProgress.Item> rollbacks = new ArrayList<>();
    private final List<WorkflowProgress.Item> commits = new ArrayList<>();
    private final Set<String> flags = new HashSet<>();
    private String branch = "";
    private String op = ACTION;
    private OkHttpClient http;

    Workflow(Workflows owner, String name, String gid, byte[] input, Map<String, WorkflowProgress> progress) {
        this.owner = owner;
        this.name = name;
        this.gid = gid;
        this.input = input;
        this.progress = progress;
    }

    /**
     * The global transaction id.
     *
     * @return the gid
     */
    public String gid() {
        return gid;
    }

    /**
     * The workflow's registered name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The input the workflow was started with.
     *
     * @return a copy of the input bytes
     */
    public byte[] input() {
        return input.clone();
    }

    /**
     * The current branch id ({@code 01}, {@code 02}...), empty before the first {@link #newBranch()}.
     *
     * @return the branch id
     */
    public String branchId() {
        return branch;
    }

    /**
     * Opens the next branch: the following callbacks and the next recorded action belong to it.
     *
     * @return this handle
     * @throws IllegalStateException inside a phase-2 callback, or past DTM's 99 branches
     */
    public Workflow newBranch() {
        if (!op.equals(ACTION)) {
            throw misuse("newBranch() was called inside a " + op + " callback (open every branch in the workflow"
                    + " itself, before phase 2)");
        }
        branch = branchIds.next(gid);
        return this;
    }

    /**
     * Registers the current branch's rollback, run (newest branch first) when the workflow fails.
     *
     * @param callback the rollback
     * @return this handle
     * @throws IllegalStateException when the branch already has one, or before {@link #newBranch()}
     */
    public Workflow onRollback(Callback callback) {
        flag("rollback", "onRollback");
        rollbacks.add(new WorkflowProgress.Item(branch, (bb, isRollback) -> callback.run(bb)));
        return this;
    }

    /**
     * Registers the current branch's commit, run (newest branch first) when the workflow succeeds.
     *
     * @param callback the commit
     * @return this handle
     * @throws IllegalStateException when the branch already has one, or before {@link #newBranch()}
     */
    public Workflow onCommit(Callback callback) {
        flag("commit", "onCommit");
        commits.add(new WorkflowProgress.Item(branch, (bb, isRollback) -> callback.run(bb)));
        return this;
    }

    /**
     * Registers a callback run in phase 2 whichever way the workflow ends (as both its commit and its rollback).
     *
     * @param callback the callback
     * @return this handle
     * @throws IllegalStateException when the branch already has a commit or rollback callback
     */
    public Workflow onFinish(FinishCallback callback) {
        flag("commit", "onFinish");
        flag("rollback", "onFinish");
        commits.add(new WorkflowProgress.Item(branch, callback));
        rollbacks.add(new WorkflowProgress.Item(branch, callback));
        return this;
    }

    /**
     * Runs a local step as the current branch's action, once: on a resumed run its recorded result is returned
     * (or its recorded failure thrown) without running it.
     *
     * @param step the step
     * @return the step's result, empty for none
     * @throws DtmFailureException when the step failed (now or in an earlier run)
     * @throws Exception the step's other errors (not recorded)
     */
    public byte[] doStep(Step step) throws Exception {
        return action(() -> {
            try {
                byte[] data = step.run(barrier(ACTION));
                return WorkflowProgress.succeeded(data == null ? NONE : data);
            } catch (DtmFailureException failure) {
                return WorkflowProgress.failed(String.valueOf(failure.getMessage())
                        .getBytes(StandardCharsets.UTF_8), failure);
            }
        }).value(this);
    }

    /**
     * Runs local database work as the current branch's action, as an XA branch: prepared now (the work of a
     * MySQL/MariaDB or PostgreSQL database, on a connection of its own), committed when the workflow succeeds and
     * rolled back when it fails, in phase 2. Once prepared it is not run again; a run that prepared it but ended
     * before recording that cannot be resumed and rolls the workflow back. The database needs prepared
     * transactions (PostgreSQL: {@code max_prepared_transactions > 0}) and the barrier table.
     *
     * @param dataSource the database; on MySQL/MariaDB one whose connections may be ended after the prepare
     * @param work the local work; throw {@link DtmFailureException} for a business failure
     * @throws DtmFailureException when the work failed (now or in an earlier run)
     * @throws Exception other errors of the work or the database (not recorded)
     */
    public void doXa(javax.sql.DataSource dataSource, io.dtm4j.client.xa.XaWork work) throws Exception {
        WorkflowXa.run(this, dataSource, work);
    }

    /**
     * An HTTP client whose calls are branches of this workflow: each carries {@code gid}, {@code trans_type},
     * {@code branch_id} and {@code op} as query parameters (so participants' barriers work), and a call made as a
     * branch's action is recorded by its outcome (2xx success, 409 or FAILURE failure; 425, ONGOING and other
     * answers are not recorded) and answered from the record when the workflow is resumed.
     *
     * @return the client (built on the DTM client's connection pool)
     */
    public OkHttpClient httpClient() {
        if (http == null) {
            http = owner.client().http().newBuilder().addInterceptor(new WorkflowHttp(this)).build();
        }
        return http;
    }

    /**
     * Makes a call through {@link #httpClient()} and maps its outcome: the body on success, else the exception.
     *
     * @param request the request
     * @return the answer's body
     * @throws DtmFailureException on FAILURE (a business failure: the workflow rolls back if it propagates)
     * @throws DtmOngoingException on ONGOING
     * @throws DtmException on any other answer or when the call cannot be made
     */
    public String call(Request request) {
        return WorkflowHttp.call(this, request);
    }

    /**
     * Makes a call of another HTTP client a branch of this workflow, the way {@link #httpClient()} does for its
     * own: in a branch's action the answer is recorded (2xx success, 409 or FAILURE failure) and replayed on a
     * resumed run without sending; in a phase-2 callback it is sent with {@code op=commit} or {@code op=rollback}.
     * The hook for client integrations; application code calls {@link #call(Request)}.
     *
     * @param exchange sends the request
     * @return the answer, live or replayed
     * @throws Exception what the exchange throws
     */
    public WorkflowExchange.Answer exchange(WorkflowExchange exchange) throws Exception {
        return WorkflowHttp.exchange(this, exchange);
    }

    /** Runs the current branch's action through its record: replayed when recorded, else run and recorded. */
    WorkflowProgress action(WorkflowProgress.Attempt attempt) throws Exception {
        if (branch.isEmpty()) {
            throw misuse("a recorded action was run before newBranch() (open a branch for every step)");
        }
        if (!op.equals(ACTION)) {
            return attempt.run();
        }
        flag(ACTION, "a recorded action");
        WorkflowProgress result = recorded(ACTION, attempt);
        if (result.recordable() && !result.succeeded() && !owner.compensateErrorBranch() && !rollbacks.isEmpty()
                && rollbacks.get(rollbacks.size() - 1).branch().equals(branch)) {
            // A branch whose own action failed has nothing to undo.
            rollbacks.remove(rollbacks.size() - 1);
        }
        return result;
    }

    private WorkflowProgress recorded(String stepOp, WorkflowProgress.Attempt attempt) throws Exception {
        WorkflowProgress before = progress.get(branch + "-" + stepOp);
        if (before != null) {
            return before;
        }
        WorkflowProgress result = attempt.run();
        if (result.recordable()) {
            register(stepOp, result.succeeded(), result.data());
            progress.put(branch + "-" + stepOp, result);
        }
        return result;
    }

    /** Writes a progress row of the current branch ({@code registerBranch}, spec §5.4). */
    void register(String stepOp, boolean succeeded, byte[] data) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put(BranchContext.GID, gid);
        row.put(BranchContext.TRANS_TYPE, TransType.WORKFLOW.wireName());
        row.put("data", new String(data, StandardCharsets.UTF_8));
        row.put(BranchContext.BRANCH_ID, branch);
        row.put(BranchContext.OP, stepOp);
        row.put("status", succeeded ? "succeed" : "failed");
        try {
            owner.client().registerBranch(row);
        } catch (DtmException refused) {
            // Never a business failure of the workflow: the server refused the record (the transaction is no
            // longer prepared: another run finished it) or could not be reached. Nothing may be undone for it.
            throw new DtmException("workflow '" + name + "' gid '" + gid + "': the " + stepOp + " of branch "
                    + branch + " ran but its outcome could not be recorded: " + refused.getMessage() + " (another"
                    + " run may have finished the workflow meanwhile; query the gid for its outcome)", refused,
                    DtmException.NO_STATUS, null, gid, branch, stepOp);
        }
    }

    /** Phase 2: the rollbacks or the commits, newest branch first, each recorded once done. */
    void finish(boolean rollback) throws Exception {
        op = rollback ? "rollback" : "commit";
        List<WorkflowProgress.Item> items = new ArrayList<>(rollback ? rollbacks : commits);
        for (int i = items.size() - 1; i >= 0; i--) {
            WorkflowProgress.Item item = items.get(i);
            branch = item.branch();
            recorded(op, () -> {
                try {
                    item.callback().run(barrier(op), rollback);
                } catch (DtmFailureException failure) {
                    throw new DtmException("workflow '" + name + "' gid '" + gid + "': the " + op + " of branch "
                            + branch + " failed for good: " + failure.getMessage() + " (a " + op + " must succeed"
                            + " eventually: answer ONGOING or an error to have it retried; the workflow stays"
                            + " unfinished and is retried when the server resumes it)", failure,
                            DtmException.NO_STATUS, null, gid, branch, op);
                }
                return WorkflowProgress.succeeded(NONE);
            });
        }
    }

    String op() {
        return op;
    }

    Workflows owner() {
        return owner;
    }

    boolean recordedBefore(String stepOp) {
        return progress.containsKey(branch + "-" + stepOp);
    }

    void addPhaseTwo(WorkflowProgress.Item commit, WorkflowProgress.Item rollback) {
        flag("commit", "doXa");
        flag("rollback", "doXa");
        commits.add(commit);
        rollbacks.add(rollback);
    }

    /** The outcome of a call's answer, by the workflows' mapping. */
    DtmResult outcome(int status, String body) {
        return owner.outcome(status, body);
    }

    /** The context of the current branch and op. */
    BranchContext context() {
        return BranchContext.of(TransType.WORKFLOW.wireName(), gid, branch, op);
    }

    private BranchBarrier barrier(String barrierOp) {
        return owner.barrier().forBranch(BranchContext.of(TransType.WORKFLOW.wireName(), gid, branch, barrierOp));
    }

    private void flag(String what, String call) {
        if (branch.isEmpty()) {
            throw misuse(call + " was called before newBranch() (open the branch first: wf.newBranch()." + call
                    + "(...))");
        }
        if (!flags.add(branch + "-" + what)) {
            throw misuse(call + " was called twice for branch " + branch + " (one " + what + " per branch: open"
                    + " the next with newBranch())");
        }
    }

    private IllegalStateException misuse(String what) {
        return new WorkflowMisuse("workflow '" + name + "' gid '" + gid + "': " + what);
    }
}
