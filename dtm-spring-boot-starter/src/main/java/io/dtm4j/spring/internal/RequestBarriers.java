package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The {@link BranchBarrier} of a branch on a barrier table for the rest of the current HTTP request, so that
 * guarded calls made one after the other in one request count their barrier ids ({@code 01}, {@code 02}...) as
 * DTM's barrier does; a retried request makes the same calls in the same order and finds them done. Counted per
 * branch and barrier (DataSource). Outside an HTTP request (a {@code BranchContext} parameter in a message
 * listener, say), or once the request has completed, each guarded call gets a barrier of its own: barrier id
 * {@code 01}.
 */
final class RequestBarriers {

    private static final boolean WEB = ClassUtils.isPresent(
            "org.springframework.web.context.request.RequestContextHolder", RequestBarriers.class.getClassLoader());
    private static final String KEY = RequestBarriers.class.getName();

    private RequestBarriers() {
    }

    static BranchBarrier of(JdbcBarrier barrier, BranchContext ctx) {
        return WEB ? Web.of(barrier, ctx) : barrier.forBranch(ctx);
    }

    /** Loaded only with spring-web on the classpath. */
    private static final class Web {

        static BranchBarrier of(JdbcBarrier barrier, BranchContext ctx) {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            Map<List<Object>, BranchBarrier> barriers = request == null ? null : barriers(request);
            return barriers == null ? barrier.forBranch(ctx)
                    : barriers.computeIfAbsent(List.of(barrier, ctx), k -> barrier.forBranch(ctx));
        }

        /** The request's barriers, created once even when the request's attributes reach other threads. */
        @SuppressWarnings("unchecked")
        private static Map<List<Object>, BranchBarrier> barriers(RequestAttributes request) {
            try {
                synchronized (request) {
                    Object kept = request.getAttribute(KEY, RequestAttributes.SCOPE_REQUEST);
                    if (kept == null) {
                        kept = new ConcurrentHashMap<List<Object>, BranchBarrier>();
                        request.setAttribute(KEY, kept, RequestAttributes.SCOPE_REQUEST);
                    }
                    return (Map<List<Object>, BranchBarrier>) kept;
                }
            } catch (IllegalStateException finished) {
                return null;
            }
        }
    }
}
