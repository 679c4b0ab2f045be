package io.dtm4j.samples.workflow;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * DTM's quick start as a workflow: the transfer is ordinary code whose TransOut and TransIn calls are recorded
 * branches, each with its rollback next to it; the bank's handlers are guarded by the barrier. Runs it once
 * successfully and once with TransIn failing (the first branch is rolled back), prints every branch call and each
 * gid's final status, then exits.
 */
@SpringBootApplication
public class WorkflowApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, e.g. {@code --dtm.server-url=http://localhost:36789/api/dtmsvr}
     */
    public static void main(String[] args) {
        Samples.main(WorkflowApplication.class, args);
    }
}
