package io.dtm4j.feign;

import feign.RequestInterceptor;
import feign.RequestTemplate;
import io.dtm4j.client.BranchContext;
import io.dtm4j.spring.DtmContext;
import java.util.Collection;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Carries the DTM branch this thread serves ({@link DtmContext#branch()}) on outgoing Feign calls: {@code gid},
 * {@code trans_type}, {@code branch_id}, {@code op} (and {@code dtm} when known) as query parameters, DTM's own
 * convention, and as {@code Dtm-*} headers. A value the call already sets, as a query parameter or a header, is
 * left as it is; with no branch bound the interceptor does nothing.
 *
 * <pre>{@code
 * @PostMapping("/transIn")                          // a branch handler
 * public void transIn(@RequestBody Transfer t) {
 *     ledgerClient.record(t);                        // the ledger service sees the same gid, branch_id, op
 * }
 * }</pre>
 */
public class DtmContextInterceptor implements RequestInterceptor, Ordered {

    /** The default order: early, so later interceptors see the DTM values. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private final int order;

    /**
     * Creates the interceptor with {@link #ORDER}.
     */
    public DtmContextInterceptor() {
        this(ORDER);
    }

    /**
     * Creates the interceptor.
     *
     * @param order its order among the Feign interceptors
     */
    public DtmContextInterceptor(int order) {
        this.order = order;
    }

    @Override
    public void apply(RequestTemplate template) {
        DtmContext.branch().ifPresent(branch -> {
            for (Map.Entry<String, String> e : branch.toQuery().entrySet()) {
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    continue;
                }
                String header = BranchContext.headerName(e.getKey());
                boolean explicit = present(template.queries().get(e.getKey()))
                        || present(headerValues(template, header));
                if (!explicit) {
                    template.query(e.getKey(), e.getValue());
                    template.header(header, e.getValue());
                }
            }
        });
    }

    private static Collection<String> headerValues(RequestTemplate template, String name) {
        for (Map.Entry<String, Collection<String>> h : template.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private static boolean present(Collection<String> values) {
        return values != null && !values.isEmpty();
    }

    @Override
    public int getOrder() {
        return order;
    }
}
