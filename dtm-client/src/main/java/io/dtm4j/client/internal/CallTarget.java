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

    private static final int MAX_QUOTE = 400;

    public static CallTarget server(String operation, String gid) {
        return new CallTarget("DTM server operation '" + operation + "'", gid, null, operation);
    }

    public static CallTarget branch(String what, String gid, String branchId, String op) {
        return new CallTarget(what, gid, branchId, op);
    }

    /** The identity part of a message: {@code [gid='g1', branch_id='01', op='try']}. */
    public String identity() {
        StringBuilder sb = new StringBuilder();
        if (gid != null) {
            sb.append(", gid='").append(gid).append('\'');
        }
        if (branchId != null) {
            sb.append(", branch_id='").append(branchId).append('\'');
        }
        if (op != null) {
            sb.append(", op='").append(op).append('\'');
        }
        return sb.length() == 0 ? "" : "[" + sb.substring(2) + "]";
    }

    /** An answer body as quoted in messages: one line, at most 400 characters. */
    public static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_QUOTE ? oneLine
                : oneLine.substring(0, MAX_QUOTE) + "...(" + oneLine.length() + " chars)";
    }
}
