package io.dtm4j.client;

import io.dtm4j.client.internal.BranchIdGenerator;
import io.dtm4j.client.internal.Urls;

/**
 * Handle of a running XA global transaction on the initiator's side: calls the XA branches.
 *
 * <pre>{@code
 * String gid = dtm.xa(xa -> {
 *     xa.callBranch(req, bank1 + "/xa/transOut");
 *     xa.callBranch(req, bank2 + "/xa/transIn");
 * });
 * }</pre>
 *
 * <p>Each branch service runs its local work with {@link io.dtm4j.client.xa.XaLocalTransaction}, which registers
 * the branch and leaves it XA-prepared; the server then commits or rolls back every branch (phase 2) by calling
 * the same URL with {@code op=commit} or {@code op=rollback}. Thread-safe.
 */
public final class Xa {

    private final DtmClient client;
    private final String gid;
    private final TransOptions options;
    private final BranchIdGenerator branchIds = new BranchIdGenerator("");

    Xa(DtmClient client, String gid, TransOptions options) {
        this.client = client;
        this.gid = gid;
        this.options = options;
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
     * Calls an XA branch: POST of {@code body} as JSON to {@code url} with {@code dtm}, {@code gid},
     * {@code branch_id}, {@code trans_type=xa}, {@code op=action} and {@code phase2_url=url}.
     *
     * @param body the payload (serialised with Jackson; {@link RawJson} as is)
     * @param url the branch URL; also its phase-2 URL
     * @return the branch's answer
     * @throws DtmFailureException when the branch answered FAILURE; {@link DtmException} for other outcomes
     */
    public BranchResponse callBranch(Object body, String url) {
        String checked = Urls.branch(url, "XA branch", gid, false);
        String json = client.json().payload(body, "XA branch body", gid);
        BranchContext ctx = new BranchContext(TransType.XA.wireName(), gid, branchIds.next(gid), "action",
                client.serverUrl(), checked);
        return BranchCaller.call(client, ctx, checked, json, options.branchHeaders(), "XA branch");
    }
}
