package io.dtm4j.client;

import io.dtm4j.client.internal.BranchIdGenerator;
import io.dtm4j.client.internal.Urls;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handle of a running TCC global transaction: registers branches and calls their tries.
 *
 * <p>The initiator gets one from {@link DtmClient#tcc(String, TransOptions, TccCallback)}; a branch handler that
 * opens nested branches rebuilds one with {@link #fromBranch(DtmClient, BranchContext)}. Thread-safe: tries may be
 * called from several threads.
 *
 * <pre>{@code
 * String gid = dtm.tcc(tcc -> {
 *     tcc.callBranch(req, bank1 + "/transOutTry", bank1 + "/transOutConfirm", bank1 + "/transOutCancel");
 *     tcc.callBranch(req, bank2 + "/transInTry", bank2 + "/transInConfirm", bank2 + "/transInCancel");
 * });
 * }</pre>
 */
public final class Tcc {

    private final DtmClient client;
    private final String gid;
    private final TransOptions options;
    private final BranchIdGenerator branchIds;

    Tcc(DtmClient client, String gid, TransOptions options, String parentBranchId) {
        this.client = client;
        this.gid = gid;
        this.options = options;
        this.branchIds = new BranchIdGenerator(parentBranchId);
    }

    /**
     * Rebuilds a handle inside a TCC branch handler, so that the try can open nested branches ({@code 0201},
     * {@code 0202} inside branch {@code 02}) of the same global transaction.
     *
     * @param client a client; its HTTP client is reused for the server named by the request's {@code dtm}
     * @param ctx the branch's context; must be a TCC branch
     * @return the handle
     * @throws DtmException when the context is not of a TCC branch
     */
    public static Tcc fromBranch(DtmClient client, BranchContext ctx) {
        if (!TransType.TCC.wireName().equals(ctx.transType())) {
            throw new DtmException("cannot open nested TCC branches from a '" + ctx.transType() + "' branch [gid='"
                    + ctx.gid() + "', branch_id='" + ctx.branchId() + "', op='" + ctx.op() + "'] (only a TCC try"
                    + " can open nested TCC branches)", null, DtmException.NO_STATUS, null, ctx.gid(),
                    ctx.branchId(), ctx.op());
        }
        if (ctx.dtm() == null) {
            throw new DtmException("cannot open nested TCC branches: the request of [gid='" + ctx.gid()
                    + "', branch_id='" + ctx.branchId() + "', op='" + ctx.op() + "'] has no 'dtm' parameter naming"
                    + " its DTM server (a TCC try called through Tcc.callBranch always has one; add it when calling"
                    + " the try by hand)", null, DtmException.NO_STATUS, null, ctx.gid(), ctx.branchId(), ctx.op());
        }
        return new Tcc(client.forServer(ctx.dtm()), ctx.gid(), TransOptions.defaults(), ctx.branchId());
    }

    /**
     * The global transaction id.
     *
     * @return the gid
     */
    public String gid() {
        return gid;
    }

    /**
     * Registers a branch with the server (its confirm and cancel URLs and the body they get), then calls its try:
     * POST of {@code body} as JSON to {@code tryUrl} with {@code gid}, {@code trans_type=tcc}, {@code branch_id},
     * {@code op=try} and {@code dtm} as query parameters.
     *
     * @param body the payload of try, confirm and cancel (serialised with Jackson; {@link RawJson} as is)
     * @param tryUrl the try URL, required
     * @param confirmUrl the confirm URL; empty for none
     * @param cancelUrl the cancel URL; empty for none
     * @return the try's answer
     * @throws DtmFailureException when the try answered FAILURE (the transaction will be aborted if this propagates
     *     out of the callback); {@link DtmOngoingException} or {@link DtmException} for other outcomes
     */
    public BranchResponse callBranch(Object body, String tryUrl, String confirmUrl, String cancelUrl) {
        String tryChecked = Urls.branch(tryUrl, "TCC try", gid, false);
        String json = client.json().payload(body, "TCC branch body", gid);
        BranchContext ctx = registerBranch(json, confirmUrl, cancelUrl);
        return BranchCaller.call(client, ctx, tryChecked, json, options.branchHeaders(), "TCC try");
    }

    /**
     * Registers a branch with the server (its confirm and cancel URLs and the body they get) without calling its
     * try; for callers that send the try themselves (a Feign client, say) with the returned context's query.
     *
     * @param jsonBody the JSON body the confirm and cancel get (the try's own body)
     * @param confirmUrl the confirm URL; empty for none
     * @param cancelUrl the cancel URL; empty for none
     * @return the try's branch context: {@code gid}, {@code trans_type=tcc}, the new {@code branch_id},
     *     {@code op=try} and {@code dtm}
     */
    public BranchContext registerBranch(String jsonBody, String confirmUrl, String cancelUrl) {
        String confirm = Urls.branch(confirmUrl, "TCC confirm", gid, true);
        String cancel = Urls.branch(cancelUrl, "TCC cancel", gid, true);
        String branchId = branchIds.next(gid);
        Map<String, String> registration = new LinkedHashMap<>();
        registration.put(BranchContext.GID, gid);
        registration.put(BranchContext.BRANCH_ID, branchId);
        registration.put(BranchContext.TRANS_TYPE, TransType.TCC.wireName());
        registration.put("status", TransStatus.PREPARED.wireName());
        registration.put("data", jsonBody == null ? "" : jsonBody);
        registration.put("confirm", confirm);
        registration.put("cancel", cancel);
        client.registerBranch(registration);
        return new BranchContext(TransType.TCC.wireName(), gid, branchId, "try", client.serverUrl(), null);
    }
}
