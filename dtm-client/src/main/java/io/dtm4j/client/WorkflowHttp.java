package io.dtm4j.client;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The interceptor of {@link Workflow#httpClient()}: puts the branch identity on every call and, for a branch's
 * action, answers from the record when there is one, else makes the call and records its outcome.
 */
final class WorkflowHttp implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");

    private final Workflow wf;

    WorkflowHttp(Workflow wf) {
        this.wf = wf;
    }

    /** {@link Workflow#exchange(WorkflowExchange)}. */
    static WorkflowExchange.Answer exchange(Workflow wf, WorkflowExchange exchange) throws Exception {
        WorkflowProgress result = wf.action(() -> {
            BranchContext ctx = wf.context();
            WorkflowExchange.Answer sent = exchange.send(ctx.toQuery());
            DtmResult outcome = wf.outcome(sent.status(), new String(sent.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
            WorkflowExchange.Answer answer = new WorkflowExchange.Answer(sent.status(), sent.body(), sent.live(),
                    outcome);
            if (!ctx.op().equals(Workflow.ACTION)) {
                return WorkflowProgress.unrecorded(answer);
            }
            return outcome == DtmResult.SUCCESS || outcome == DtmResult.FAILURE
                    ? WorkflowProgress.recorded(outcome == DtmResult.SUCCESS, answer.body(), answer)
                    : WorkflowProgress.unrecorded(answer);
        });
        if (result.live() != null) {
            return (WorkflowExchange.Answer) result.live();
        }
        return new WorkflowExchange.Answer(result.succeeded() ? 200 : 409, result.data(), null,
                result.succeeded() ? DtmResult.SUCCESS : DtmResult.FAILURE);
    }

    /** {@link Workflow#call(Request)}. */
    static String call(Workflow wf, Request request) {
        io.dtm4j.client.internal.CallTarget target = new io.dtm4j.client.internal.CallTarget("workflow '"
                + wf.name() + "' call", wf.gid(), wf.branchId(), wf.op());
        try (Response response = wf.httpClient().newCall(request).execute()) {
            String body = response.body() == null ? "" : response.body().string();
            DtmResult result = "true".equals(response.header("Dtm-Workflow-Replay"))
                    ? (response.code() == 200 ? DtmResult.SUCCESS : DtmResult.FAILURE)
                    : wf.outcome(response.code(), body);
            String quoted = "'" + io.dtm4j.client.internal.CallTarget.abbreviate(body) + "' " + target.identity();
            switch (result) {
                case SUCCESS:
                    return body;
                case FAILURE:
                    throw new DtmFailureException(target.what() + " at " + request.url() + " answered FAILURE (HTTP "
                            + response.code() + "): " + quoted + " (a FAILURE is final: the workflow rolls back)",
                            response.code(), body, wf.gid(), wf.branchId(), wf.op());
                case ONGOING:
                    throw new DtmOngoingException(target.what() + " at " + request.url() + " answered ONGOING (HTTP "
                            + response.code() + "): " + quoted + " (not recorded: the workflow is resumed later)",
                            response.code(), body, wf.gid(), wf.branchId(), wf.op());
                default:
                    throw new DtmException(target.what() + " at " + request.url() + " failed with HTTP "
                            + response.code() + ": " + quoted + " (not recorded: the workflow is resumed later and"
                            + " the call made again; see that service's log)", null, response.code(), body, wf.gid(),
                            wf.branchId(), wf.op());
            }
        } catch (IOException e) {
            throw new DtmException("no answer from " + request.url() + " for " + target.what() + ": " + e + " "
                    + target.identity() + " (the outcome is unknown and not recorded: the workflow is resumed later"
                    + " and the call made again, so the participant must accept a repeat)", e,
                    DtmException.NO_STATUS, null, wf.gid(), wf.branchId(), wf.op());
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        WorkflowProgress result;
        try {
            result = wf.action(() -> attempt(chain, request));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (result.live() != null) {
            return (Response) result.live();
        }
        // Answered from the record: the same body, 200 for a success and 409 for a failure.
        return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
                .code(result.succeeded() ? 200 : 409).message("recorded by an earlier run of the workflow")
                .header("Dtm-Workflow-Replay", "true").body(ResponseBody.create(result.data(), JSON)).build();
    }

    private WorkflowProgress attempt(Chain chain, Request request) throws IOException {
        BranchContext ctx = wf.context();
        HttpUrl.Builder url = request.url().newBuilder();
        ctx.toQuery().forEach(url::setQueryParameter);
        Response response = chain.proceed(request.newBuilder().url(url.build()).build());
        if (!ctx.op().equals(Workflow.ACTION)) {
            return WorkflowProgress.unrecorded(response);
        }
        byte[] body;
        MediaType type;
        try (ResponseBody original = response.body()) {
            body = original == null ? new byte[0] : original.bytes();
            type = original == null ? null : original.contentType();
        }
        Response copy = response.newBuilder().body(ResponseBody.create(body, type)).build();
        DtmResult outcome = wf.outcome(response.code(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return switch (outcome) {
            case SUCCESS -> WorkflowProgress.recorded(true, body, copy);
            case FAILURE -> WorkflowProgress.recorded(false, body, copy);
            default -> WorkflowProgress.unrecorded(copy);
        };
    }
}
