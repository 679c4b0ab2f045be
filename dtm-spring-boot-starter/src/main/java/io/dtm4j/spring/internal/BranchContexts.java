package io.dtm4j.spring.internal;

import io.dtm4j.client.BranchContext;
import java.util.Optional;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The branch a handler runs for: a {@link BranchContext} argument, else the current HTTP request's. */
final class BranchContexts {

    private static final boolean WEB = ClassUtils.isPresent(
            "org.springframework.web.context.request.RequestContextHolder", BranchContexts.class.getClassLoader())
            && ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", BranchContexts.class.getClassLoader());

    private BranchContexts() {
    }

    static Optional<BranchContext> current(Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof BranchContext ctx) {
                return Optional.of(ctx);
            }
        }
        return WEB ? fromRequest() : Optional.empty();
    }

    private static Optional<BranchContext> fromRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return Optional.empty();
        }
        var request = servlet.getRequest();
        if (request.getParameter(BranchContext.GID) == null
                && request.getHeader(BranchContext.headerName(BranchContext.GID)) == null) {
            return Optional.empty();
        }
        return Optional.of(BranchContext.from(request::getParameter, request::getHeader));
    }
}
