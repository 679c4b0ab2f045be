package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.Msg;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.autoconfigure.DtmProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * The {@code @DtmMsg} path: the method is the local work of the client's one message decision
 * ({@link Msg#doAndSubmit}), run by the Spring strategy ({@link SpringMsgTransaction}) on the method's DataSource
 * and transaction manager, with this application's query-prepared endpoint as the back-check. A mark-for-abort or
 * an aborting exception rolls the local transaction back before anything is sent. A class of its own so that
 * applications without Spring JDBC never load it.
 */
final class MsgInterception {

    private static final Logger log = LoggerFactory.getLogger(MsgInterception.class);

    private final ListableBeanFactory beans;
    private final DtmTemplate dtm;
    private final Barriers barriers;
    private final DtmSelfUrl self;
    private final DtmProperties.Msg settings;

    MsgInterception(ListableBeanFactory beans, DtmTemplate dtm) {
        this.beans = beans;
        this.dtm = dtm;
        this.barriers = Barriers.of(beans);
        this.self = beans.getBeanProvider(DtmSelfUrl.class).getIfAvailable(
                () -> new DtmSelfUrl(beans.getBean(Environment.class)));
        this.settings = beans.getBean(DtmProperties.class).getMsg();
    }

    Object invoke(MethodInvocation invocation, DtmDefinition d) throws Throwable {
        String where = "@DtmMsg on " + d.method();
        Msg msg = dtm.msg().options(d.options(dtm.defaultOptions())).localTransaction(new SpringMsgTransaction(beans,
                barriers, d.dataSource(), d.transactionManager(), where, false));
        String gid = msg.gid();
        String queryPrepared = queryPreparedUrl(d.method(), d.dataSource());
        DtmAnnotationInterceptor.Outcome[] outcome = new DtmAnnotationInterceptor.Outcome[1];
        try {
            msg.doAndSubmit(queryPrepared, barrier -> {
                outcome[0] = DtmAnnotationInterceptor.run(invocation, d, gid, msg);
                if (outcome[0].abortReason() != null) {
                    throw new LocalRollback(outcome[0].abortReason());
                }
            });
        } catch (LocalRollback e) {
            log.info("gid {}: {} rolls back, nothing sent: {}", gid, d.method(), e.getMessage());
        }
        return outcome[0].rethrow();
    }

    /**
     * {@code dtm.msg.query-prepared-url}, else this application's base URL ({@link DtmSelfUrl}) and the endpoint's
     * path; with {@code ds=<bean name>} when the message uses a DataSource other than the primary one.
     */
    private String queryPreparedUrl(String method, String dataSource) {
        String suffix = dataSource.isEmpty() ? "" : "?ds=" + URLEncoder.encode(dataSource, StandardCharsets.UTF_8);
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

    /** Rolls the local transaction back when the method marked the message for abort; nothing was sent yet. */
    private static final class LocalRollback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LocalRollback(String reason) {
            super(reason, null, false, false);
        }
    }
}
