package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.autoconfigure.DtmProperties;
import javax.sql.DataSource;

/**
 * What {@code @DtmMsg} needs besides the template: the back-check URL the server calls, the barrier row written in
 * the local transaction, and the barrier's answer when a commit's outcome is unknown.
 */
final class MsgSupport {

    private final Barriers barriers;
    private final DtmSelfUrl self;
    private final DtmProperties.Msg settings;

    MsgSupport(Barriers barriers, DtmSelfUrl self, DtmProperties.Msg settings) {
        this.barriers = barriers;
        this.self = self;
        this.settings = settings;
    }

    /**
     * {@code dtm.msg.query-prepared-url}, else this application's base URL ({@link DtmSelfUrl}) and the endpoint's
     * path; with {@code ds=<bean name>} when the message uses a DataSource other than the primary one.
     */
    String queryPreparedUrl(String method, String dataSource) {
        String suffix = dataSource.isEmpty() ? "" : "?ds=" + java.net.URLEncoder.encode(dataSource,
                java.nio.charset.StandardCharsets.UTF_8);
        String url = settings.getQueryPreparedUrl();
        if (url != null && !url.isBlank()) {
            return suffix.isEmpty() ? url : url + (url.contains("?") ? "&" + suffix.substring(1) : suffix);
        }
        String base;
        try {
            base = self.base();
        } catch (DtmException e) {
            throw new DtmException("@DtmMsg on " + method + " has no back-check URL: this application runs no web"
                    + " server (set dtm.msg.query-prepared-url to the query-prepared endpoint of an application that"
                    + " reads the same barrier table, or dtm.self-url)", e);
        }
        return base + settings.getQueryPreparedPath() + suffix;
    }

    /** Writes the message's barrier row in the current transaction (through the rows provider, if any). */
    void writeBarrierRow(DataSource dataSource, String gid) {
        BranchBarrier barrier = barriers.forDataSource(dataSource).forBranch(BranchContext.of("msg", gid, "00",
                "msg"));
        barriers.callInTransaction(dataSource, barrier, () -> null, "@DtmMsg of gid '" + gid + "'");
    }

    /** Whether the local transaction of a message committed, from the barrier table (it may write a rollback row). */
    DtmResult committed(DataSource dataSource, String gid) {
        return barriers.forDataSource(dataSource).queryPrepared(dataSource, gid);
    }
}
