package io.dtm4j.spring.web;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.spring.internal.ContextBinding;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Binds the branch of a DTM branch call (a request whose query or {@code Dtm-*} headers carry {@code gid},
 * {@code trans_type}, {@code branch_id} and {@code op}) to the handling thread as
 * {@link io.dtm4j.spring.DtmContext#branch()}, and unbinds it when the request completes. Requests without those
 * values are left alone.
 */
public class BranchBindingInterceptor implements HandlerInterceptor {

    private static final String SCOPE = BranchBindingInterceptor.class.getName() + ".scope";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getParameter(BranchContext.GID) == null
                && request.getHeader(BranchContext.headerName(BranchContext.GID)) == null) {
            return true;
        }
        try {
            BranchContext branch = BranchContext.from(request::getParameter, request::getHeader);
            request.setAttribute(SCOPE, ContextBinding.bindBranch(branch));
        } catch (DtmException incomplete) {
            // not a complete branch call: nothing to carry downstream
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) throws Exception {
        Object scope = request.getAttribute(SCOPE);
        if (scope instanceof AutoCloseable binding) {
            request.removeAttribute(SCOPE);
            binding.close();
        }
    }
}
