package io.dtm4j.client.internal;

/**
 * Describes one outgoing call for log lines and error messages: what is called and which transaction and branch
 * it is about.
 *
 * @param what a human description, for example {@code DTM server operation 'submit'} or {@code TCC try}
 * @param gid global transaction id, or {@code null}
 * @param branchId branch id, or {@code null}
 * @param op operation, or {@code null}
 */
public record CallTarget(String what, String gid, String branchId, String op) {

    public static CallTarget server(String operation, String gid) {
        return new CallTarget("DTM server operation '" + operation + "'", gid, null, operation);
    }

    public static CallTarget branch(String what, String gid, String branchId, String op) {
        return new CallTarget(what, gid, branchId, op);
    }

    /** The identity part of a message: {@code [gid='g1', branch_id='01', op='try']}. */
    public String identity() {
        StringBuilder sb = new StringBuilder("[gid='").append(gid).append('\'');
        if (branchId != null) {
            sb.append(", branch_id='").append(branchId).append('\'');
        }
        if (op != null) {
            sb.append(", op='").append(op).append('\'');
        }
        return sb.append(']').toString();
    }
}
