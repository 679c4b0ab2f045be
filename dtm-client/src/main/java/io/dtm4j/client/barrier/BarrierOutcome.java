package io.dtm4j.client.barrier;

/**
 * What a barrier call did. Every outcome means "report success to DTM"; only {@link #EXECUTED} ran the business
 * work.
 */
public enum BarrierOutcome {

    /** First arrival of this branch and op: the business work ran. */
    EXECUTED,
    /** A repeated request, or a forward op arriving after its compensation (hanging): the work was skipped. */
    SKIPPED_DUPLICATE,
    /** A compensation whose forward op never ran (null compensation): the work was skipped, and a late forward op
     * will now be skipped too. */
    SKIPPED_NULL_COMPENSATION;

    /**
     * The logger that reports, at INFO, every call a barrier skipped (duplicate, hanging, null compensation), with
     * the gid, branch and op: {@value}. Quiet it with {@code logDecisions(false)} on the barrier (the starter's
     * {@code dtm.barrier.log-decisions=false}) or with your logging configuration.
     */
    public static final String DECISIONS_LOGGER = "io.dtm4j.barrier";
}
