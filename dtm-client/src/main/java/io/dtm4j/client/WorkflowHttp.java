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
            DtmResult result = wf.outcome(response.code(), body);
            if (result == DtmResult.SUCCESS) {
                return body;
            }
            int status = result == DtmResult.FAILURE ? 409 : result == DtmResult.ONGOING ? 425
                    : response.code() < 300 ? 500 : response.code();
            return io.dtm4j.client.internal.HttpTransport.requireSuccess(
                    new io.dtm4j.client.internal.HttpTransport.Answer(status, body), request.url().toString(), target);
        } catch (IOException e) {
            throw new DtmException("cannot reach " + request.url() + " for " + target.what() + ": " + e + " "
                    + target.identity() + " (check that it is running; the workflow is resumed later)", e,
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
