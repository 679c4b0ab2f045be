package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.barrier.BranchBarrier;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The {@link BranchBarrier} of a branch on a barrier table for the rest of the current HTTP request, so that
 * guarded calls made one after the other in one request count their barrier ids ({@code 01}, {@code 02}...) as
 * DTM's barrier does; a retried request makes the same calls in the same order and finds them done. Outside a
 * request (or without spring-web) each call gets a barrier of its own.
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

        @SuppressWarnings("unchecked")
        static BranchBarrier of(JdbcBarrier barrier, BranchContext ctx) {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return barrier.forBranch(ctx);
            }
            Object kept = request.getAttribute(KEY, RequestAttributes.SCOPE_REQUEST);
            Map<List<Object>, BranchBarrier> barriers;
            if (kept instanceof Map<?, ?> map) {
                barriers = (Map<List<Object>, BranchBarrier>) map;
            } else {
                barriers = new HashMap<>();
                request.setAttribute(KEY, barriers, RequestAttributes.SCOPE_REQUEST);
            }
            return barriers.computeIfAbsent(List.of(barrier, ctx), k -> barrier.forBranch(ctx));
        }
    }
}
