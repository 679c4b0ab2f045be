package io.dtm4j.client;

import io.dtm4j.client.xa.XaLocalTransaction;
import io.dtm4j.client.xa.XaWork;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;

/**
 * {@link Workflow#doXa}: the branch's action prepares the local XA work (its {@code business} progress row written
 * before the prepare), and the branch gets an XA commit and an XA rollback for phase 2.
 */
final class WorkflowXa {

    private WorkflowXa() {
    }

    static void run(Workflow wf, DataSource dataSource, XaWork work) throws Exception {
        XaLocalTransaction xa = XaLocalTransaction.builder(dataSource, wf.owner().client())
                .barrierTable(wf.owner().barrier().table()).build();
        WorkflowProgress result = wf.action(() -> {
            if (wf.recordedBefore("business")) {
                return WorkflowProgress.lost(new DtmFailureException("workflow '" + wf.name() + "' gid '" + wf.gid()
                        + "': the XA work of branch " + wf.branchId() + " was prepared by a run that ended before"
                        + " recording it; it cannot be resumed, so the workflow rolls back"));
            }
            try {
                xa.prepare(wf.context(), work, () -> wf.register("business", true, Workflow.NONE));
                return WorkflowProgress.succeeded(Workflow.NONE);
            } catch (DtmFailureException failure) {
                return WorkflowProgress.failed(String.valueOf(failure.getMessage())
                        .getBytes(StandardCharsets.UTF_8), failure);
            }
        });
        BranchContext branch = wf.context();
        wf.addPhaseTwo(new WorkflowProgress.Item(branch.branchId(), (bb, isRollback) -> xa.finish(branch, true)),
                new WorkflowProgress.Item(branch.branchId(), (bb, isRollback) -> xa.finish(branch, false)));
        result.value(wf);
    }
}
