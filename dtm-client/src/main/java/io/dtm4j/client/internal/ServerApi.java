package io.dtm4j.client.internal;

import io.dtm4j.client.AllQuery;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.TransPage;
import io.dtm4j.client.TransQueryResult;
import io.dtm4j.client.TransRequest;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The DTM server's HTTP API as the client uses it (spec §2): one method per operation, answers checked by the
 * result rule of spec §1.2.
 */
public final class ServerApi {

    private final HttpUrl server;
    private final HttpTransport transport;
    private final Json json;

    public ServerApi(HttpUrl server, HttpTransport transport, Json json) {
        this.server = server;
        this.transport = transport;
        this.json = json;
    }

    public String newGid() {
        CallTarget target = CallTarget.server("newGid", null);
        HttpUrl url = Urls.operation(server, "newGid");
        String body = transport.read(HttpTransport.get(url).build(), target);
        String gid = json.readObject(body, 200, url.toString(), target).path("gid").asText("");
        if (gid.isEmpty()) {
            throw new DtmException("DTM server at " + url + " answered newGid without a gid: '"
                    + CallTarget.abbreviate(body) + "' (check that the URL points at a DTM server)", null, 200, body,
                    null, null, "newGid");
        }
        return gid;
    }

    public String version() {
        CallTarget target = CallTarget.server("version", null);
        HttpUrl url = Urls.operation(server, "version");
        String body = transport.read(HttpTransport.get(url).build(), target);
        return json.readObject(body, 200, url.toString(), target).path("version").asText("");
    }

    public void transaction(String operation, TransRequest request) {
        transport.call(HttpTransport.post(Urls.operation(server, operation),
                json.write(WireBodies.transaction(request))).build(), CallTarget.server(operation, request.gid()));
    }

    /** {@code prepareWorkflow} (spec §6.6): the stored transaction and its progress rows, as the server sent them. */
    public com.fasterxml.jackson.databind.JsonNode prepareWorkflow(TransRequest request) {
        CallTarget target = CallTarget.server("prepareWorkflow", request.gid());
        HttpUrl url = Urls.operation(server, "prepareWorkflow");
        // A read: a stored rollback reason may well contain the word FAILURE.
        String body = transport.read(HttpTransport.post(url, json.write(WireBodies.transaction(request))).build(),
                target);
        return json.readObject(body, 200, url.toString(), target);
    }

    /**
     * The workflow's {@code submit} (spec §6.6): only gid, trans_type and {@code req_extra}, as the Go client sends
     * it.
     */
    public void submitWorkflow(String gid, String status, String rollbackReason, String resultBase64) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("gid", gid);
        body.put("trans_type", "workflow");
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        extra.put("status", status);
        extra.put("rollback_reason", rollbackReason);
        extra.put("result", resultBase64);
        body.put("req_extra", extra);
        transport.call(HttpTransport.post(Urls.operation(server, "submit"), json.write(body)).build(),
                CallTarget.server("submit", gid));
    }

    public void registerBranch(Map<String, String> branch) {
        String gid = branch.get(BranchContext.GID);
        String branchId = branch.get(BranchContext.BRANCH_ID);
        for (String key : new String[] {BranchContext.GID, BranchContext.TRANS_TYPE, BranchContext.BRANCH_ID}) {
            if (branch.get(key) == null || branch.get(key).isBlank()) {
                throw new DtmException("registerBranch needs '" + key + "' but got the keys " + branch.keySet()
                        + " for gid '" + gid + "' (add it; nothing was sent)", null, DtmException.NO_STATUS, null,
                        gid, branchId, "registerBranch");
            }
        }
        branch.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new DtmException("registerBranch value of '" + key + "' is null for gid '" + gid
                        + "' (DTM accepts only string values: use \"\" for none; nothing was sent)", null,
                        DtmException.NO_STATUS, null, gid, branchId, "registerBranch");
            }
        });
        CallTarget target = new CallTarget("DTM server operation 'registerBranch'", gid, branchId,
                "registerBranch");
        transport.call(HttpTransport.post(Urls.operation(server, "registerBranch"), json.write(branch)).build(),
                target);
    }

    public TransQueryResult query(String gid) {
        CallTarget target = CallTarget.server("query", gid);
        HttpUrl url = server.newBuilder().addPathSegment("query").addQueryParameter("gid", gid).build();
        String body = transport.read(HttpTransport.get(url).build(), target);
        return InfoParser.queryResult(json.readObject(body, 200, url.toString(), target));
    }

    public TransPage all(AllQuery query) {
        CallTarget target = CallTarget.server("all", query.params().get("gid"));
        HttpUrl.Builder b = server.newBuilder().addPathSegment("all");
        query.params().forEach(b::addQueryParameter);
        HttpUrl url = b.build();
        String body = transport.read(HttpTransport.get(url).build(), target);
        return InfoParser.page(json.readObject(body, 200, url.toString(), target));
    }
}
