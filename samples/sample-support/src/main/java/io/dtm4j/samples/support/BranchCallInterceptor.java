package io.dtm4j.samples.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Records every request that DTM makes to a branch handler (one with {@code gid} and {@code op}) once it is
 * answered. A handler says what its body did with {@link #work(HttpServletRequest, String)}.
 */
public final class BranchCallInterceptor implements HandlerInterceptor {

    private static final String WORK = BranchCallInterceptor.class.getName() + ".work";

    private final BranchCalls calls;

    /**
     * Creates the interceptor.
     *
     * @param calls where the calls go
     */
    public BranchCallInterceptor(BranchCalls calls) {
        this.calls = calls;
    }

    /**
     * Notes what the handler's body did, for the printed call.
     *
     * @param request the branch request
     * @param work e.g. "alice -30"
     */
    public static void work(HttpServletRequest request, String work) {
        request.setAttribute(WORK, work);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        String op = request.getParameter("op");
        if (request.getParameter("gid") == null || op == null) {
            return;
        }
        String path = request.getRequestURI();
        calls.record(path.substring(path.lastIndexOf('/') + 1), op, request.getParameter("branch_id"),
                response.getStatus(), (String) request.getAttribute(WORK));
    }
}
