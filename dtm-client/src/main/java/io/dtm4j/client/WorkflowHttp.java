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
