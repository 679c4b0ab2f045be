package io.dtm4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One execution of a workflow (spec §6.6, §11.7): {@code prepareWorkflow}, the stored outcome when it already
 * ended, else the handler over the recorded progress, phase 2 and the {@code submit} with {@code req_extra}.
 * A failure ends it (rolled back, then submitted {@code failed}); any other error leaves it {@code prepared} for
 * the server to resume.
 */
final class WorkflowRun {

    /** The official tables' {@code custom_data varchar(1024)}, where the name and the input are stored. */
    static final int MAX_CUSTOM_DATA = 1024;

    private final Workflows owner;
    private final String name;
    private final String gid;
    private final byte[] input;
    private final WorkflowHandler handler;

    private final boolean resume;

    /**
     * A run; a {@code resume} (the server's callback) runs only a workflow the server already has, on the input
     * stored with it.
     */
    WorkflowRun(Workflows owner, String name, String gid, byte[] input, WorkflowHandler handler, boolean resume) {
        this.resume = resume;
        this.owner = owner;
        this.name = name;
        this.gid = gid;
        this.input = input;
        this.handler = handler;
    }

    byte[] run() {
        if (!owner.start(gid)) {
            throw pending("it is running in this application right now", new DtmOngoingException("workflow '"
                    + name + "' gid '" + gid + "' is already running here"), null, null);
        }
        try {
            return runOnce();
        } finally {
            owner.end(gid);
        }
    }

    private byte[] runOnce() {
        if (resume && owner.client().query(gid).transaction().isEmpty()) {
            throw new DtmException("cannot resume workflow '" + name + "' gid '" + gid + "': the server has no such"
                    + " transaction, and a callback does not start one (start workflows with execute)", null,
                    DtmException.NO_STATUS, null, gid, null, null);
        }
        JsonNode reply = owner.client().api().prepareWorkflow(prepareRequest());
        JsonNode trans = reply.path("transaction");
        String type = trans.path("trans_type").asText("");
        if (!type.isEmpty() && !type.equals(TransType.WORKFLOW.wireName())) {
            throw new DtmException("gid '" + gid + "' is a " + type + " transaction, not a workflow (a gid names one"
                    + " transaction: use a new gid for workflow '" + name + "')", null, DtmException.NO_STATUS, null,
                    gid, null, null);
        }
        checkName(trans);
        byte[] stored = storedInput(trans);
        String status = trans.path("status").asText("");
        if (status.equals(TransStatus.SUCCEED.wireName())) {
            return decode(trans.path("result").asText(""));
        }
        if (status.equals(TransStatus.FAILED.wireName())) {
            String reason = trans.path("rollback_reason").asText("");
            throw failed(reason, null, null);
        }
        Workflow wf = new Workflow(owner, name, gid, stored, Workflows.progress(reply));
        byte[] result = null;
        Throwable error = null;
        DtmFailureException failure;
        try (AutoCloseable scope = owner.bind(wf)) {
            try {
                result = handler.execute(wf, wf.input());
            } catch (Exception e) {
                error = e;
            }
            if (error instanceof WorkflowMisuse misuse) {
                throw misuse;
            }
            failure = failure(error);
            if (error != null && failure == null) {
                if (error instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw pending("the workflow's code threw " + error, error, wf.branchId(), null);
            }
            finish(wf, failure);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception unbinding) {
            throw new IllegalStateException("workflow '" + name + "' gid '" + gid + "': unbinding its handle failed",
                    unbinding);
        }
        String reason = failure == null ? "" : GlobalRunner.reason(failure);
        owner.client().api().submitWorkflow(gid, failure == null ? "succeed" : "failed", reason,
                result == null ? "" : Base64.getEncoder().encodeToString(result));
        if (failure != null) {
            throw failed(reason, failure, failure.branchId());
        }
        return result == null ? new byte[0] : result;
    }

    /** Phase 2; a callback that did not succeed leaves the workflow for the next resume. */
    private void finish(Workflow wf, DtmFailureException failure) {
        try {
            wf.finish(failure != null);
        } catch (WorkflowMisuse misuse) {
            throw misuse;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw pending("its " + (failure != null ? "rollback" : "commit") + " of branch " + wf.branchId()
                    + " did not succeed yet: " + e.getMessage(), e, wf.branchId(), failure != null ? "rollback"
                    : "commit");
        }
    }

    private TransRequest prepareRequest() {
        Map<String, Object> custom = new LinkedHashMap<>();
        // The Go client's order (its map keys sorted): data, then name.
        custom.put("data", input == null ? null : Base64.getEncoder().encodeToString(input));
        custom.put("name", name);
        String customData = owner.client().json().write(custom);
        if (customData.length() > MAX_CUSTOM_DATA) {
            throw new IllegalArgumentException("workflow '" + name + "' gid '" + gid + "': its input of "
                    + (input == null ? 0 : input.length) + " bytes does not fit the server's custom_data column ("
                    + MAX_CUSTOM_DATA + " characters, the input base64-encoded with the name: " + customData.length()
                    + "); nothing was sent (pass a small input, an id of the data, say)");
        }
        return TransRequest.builder(gid, TransType.WORKFLOW).options(owner.options())
                .customData(customData).queryPrepared(owner.callbackUrl()).build();
    }

    /**
     * The input stored with the workflow, which every run uses: a resume's callback body is only a copy of it, and
     * executing a gid again with another input is refused (the recorded steps were made for the stored one).
     */
    private byte[] storedInput(JsonNode trans) {
        byte[] given = input == null ? new byte[0] : input.clone();
        String custom = trans.path("custom_data").asText("");
        if (custom.isEmpty()) {
            return given;
        }
        byte[] stored;
        try {
            JsonNode data = owner.client().objectMapper().readTree(custom).path("data");
            stored = data.isTextual() ? decode(data.asText()) : new byte[0];
        } catch (java.io.IOException | IllegalArgumentException notReadable) {
            return given;
        }
        if (!resume && !java.util.Arrays.equals(stored, given)) {
            throw new DtmException("gid '" + gid + "' of workflow '" + name + "' was started with another input ("
                    + stored.length + " bytes, now " + given.length + ") (a gid names one transaction: execute it"
                    + " again with the same input, or use a new gid)", null, DtmException.NO_STATUS, null, gid, null,
                    null);
        }
        return stored;
    }

    /** A gid of another workflow is refused before anything runs (the official client would run it anyway). */
    private void checkName(JsonNode trans) {
        String custom = trans.path("custom_data").asText("");
        if (custom.isEmpty()) {
            return;
        }
        String stored;
        try {
            stored = owner.client().objectMapper().readTree(custom).path("name").asText("");
        } catch (java.io.IOException | RuntimeException notJson) {
            return;
        }
        if (!stored.isEmpty() && !stored.equals(name)) {
            throw new DtmException("gid '" + gid + "' belongs to workflow '" + stored + "', not to '" + name
                    + "' (a gid names one transaction: use a new gid for this one)", null, DtmException.NO_STATUS,
                    null, gid, null, null);
        }
    }

    /**
     * The business failure a run ended with: the exception its code threw, when that is a
     * {@link DtmFailureException} (as recorded steps and calls throw it). One found deeper in a cause chain is not
     * taken for one: a wrapped exception (a record refused, a future's failure) is an unknown outcome.
     */
    private static DtmFailureException failure(Throwable error) {
        return error instanceof DtmFailureException f ? f : null;
    }

    private static byte[] decode(String base64) {
        return base64.isEmpty() ? new byte[0] : Base64.getDecoder().decode(base64);
    }

    private DtmTransactionFailedException failed(String reason, Throwable cause, String branchId) {
        String shown = reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
        return new DtmTransactionFailedException("workflow '" + name + "' gid '" + gid + "' failed"
                + (branchId == null ? "" : " at branch " + branchId) + " and was rolled back: '" + shown + "'",
                cause, gid, TransType.WORKFLOW, TransStatus.FAILED, branchId, branchId == null ? null
                : Workflow.ACTION, null, reason);
    }

    private DtmTransactionPendingException pending(String why, Throwable cause, String branchId, String op) {
        return new DtmTransactionPendingException("workflow '" + name + "' gid '" + gid + "' is not finished yet: "
                + why + " (the DTM server resumes it by calling " + owner.callbackUrl() + "; query the gid for the"
                + " outcome instead of treating it as failed)", cause, gid, TransType.WORKFLOW, TransStatus.PREPARED,
                branchId == null || branchId.isEmpty() ? null : branchId, op, null,
                cause == null ? null : String.valueOf(cause.getMessage()), 0);
    }
}
