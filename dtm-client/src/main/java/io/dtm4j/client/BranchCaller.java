package io.dtm4j.client;

import io.dtm4j.client.internal.CallTarget;
import io.dtm4j.client.internal.HttpTransport;
import io.dtm4j.client.internal.Urls;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Calls a branch from the initiator's side (TCC try, XA action) the way the Go client does: POST of the JSON
 * body to the URL plus {@code dtm}, {@code gid}, {@code branch_id}, {@code trans_type}, {@code op} (and, for XA,
 * {@code phase2_url}) query parameters, with the transaction's branch headers.
 */
final class BranchCaller {

    private BranchCaller() {
    }

    static BranchResponse call(DtmClient client, BranchContext ctx, String url, String jsonBody,
            Map<String, String> headers, String what) {
        HttpUrl target = Urls.withQuery(url, ctx.toQuery());
        Request request = HttpTransport.withHeaders(HttpTransport.post(target, jsonBody), headers).build();
        CallTarget callTarget = CallTarget.branch(what, ctx.gid(), ctx.branchId(), ctx.op());
        HttpTransport.Answer answer = client.transport().execute(request, callTarget);
        HttpTransport.requireSuccess(answer, target.toString(), callTarget);
        return new BranchResponse(ctx.branchId(), answer.status(), answer.body());
    }
}
