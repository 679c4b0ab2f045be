package io.dtm4j.spring.web;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.spring.DtmNoBranchException;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns the DTM outcomes a branch handler throws into the answers DTM reads: {@link DtmFailureException} into HTTP
 * 409 (FAILURE: the server rolls back, no retry) and {@link DtmOngoingException} into HTTP 425 (ONGOING: the server
 * asks again later), each with a {@code {"dtm_result": ...}} body; {@link DtmNoBranchException}, and a body or
 * parameter that does not fit the handler, into 400 with the reason.
 *
 * <p>Only for branch requests: those that carry a DTM branch ({@code gid} and {@code op} as query parameters, as
 * the DTM server sends them, or as {@code Dtm-Gid} and {@code Dtm-Op} headers) and those served by a
 * {@code @DtmBarrier} handler. Any other request (a public endpoint whose saga failed, say) is left to the
 * application's own exception handling, {@code @ControllerAdvice} included, and to Spring's. It runs before the
 * {@code @ExceptionHandler} methods of controller advice (order {@link #DEFAULT_ORDER}), so an application's
 * catch-all handler cannot turn a branch's FAILURE into a 500 that DTM would retry; an application that wants
 * another order defines its own bean of this type.
 */
public class DtmExceptionHandler implements HandlerExceptionResolver, Ordered {

    /** Just after Spring Boot's error attributes, before the controller-advice resolvers. */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final int order;

    /** At {@link #DEFAULT_ORDER}. */
    public DtmExceptionHandler() {
        this(DEFAULT_ORDER);
    }

    /**
     * At a given order among the application's {@code HandlerExceptionResolver}s.
     *
     * @param order the order (lower runs first)
     */
    public DtmExceptionHandler(int order) {
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        int status;
        String result;
        String message;
        if (ex instanceof DtmFailureException) {
            status = 409;
            result = "FAILURE";
            message = ex.getMessage();
        } else if (ex instanceof DtmOngoingException) {
            status = 425;
            result = "ONGOING";
            message = ex.getMessage();
        } else if (ex instanceof DtmNoBranchException) {
            status = 400;
            result = "ERROR";
            message = DtmBranchErrorHandler.neutral(String.valueOf(ex.getMessage()));
        } else if (ex instanceof HttpMessageNotReadableException || ex instanceof TypeMismatchException) {
            status = 400;
            result = "ERROR";
            message = "branch " + value(request, BranchContext.GID) + "/" + value(request, BranchContext.OP)
                    + " of " + request.getRequestURI() + ": the request does not fit the handler: "
                    + DtmBranchErrorHandler.neutral(String.valueOf(ex.getMessage())) + " (DTM retries it; fix the"
                    + " body the initiator sends or the handler's parameter types)";
        } else {
            return null;
        }
        if (!isBranchRequest(request, handler)) {
            return null;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dtm_result", result);
        body.put("message", message == null ? "" : message);
        DtmBranchErrorHandler.write(response, status, body);
        return new ModelAndView();
    }

    /**
     * Whether a request is a DTM branch call: it carries {@code gid} and {@code op} (query or {@code Dtm-*}
     * headers), or its handler is guarded by {@code @DtmBarrier}.
     *
     * @param request the request
     * @param handler the handler that served it (may be {@code null})
     * @return whether DTM's answers apply
     */
    public static boolean isBranchRequest(HttpServletRequest request, Object handler) {
        if (present(request, BranchContext.GID) && present(request, BranchContext.OP)) {
            return true;
        }
        return handler instanceof HandlerMethod m
                && (AnnotatedElementUtils.hasAnnotation(m.getMethod(), DtmBarrier.class)
                || AnnotatedElementUtils.hasAnnotation(m.getBeanType(), DtmBarrier.class));
    }

    private static boolean present(HttpServletRequest request, String name) {
        String v = value(request, name);
        return v != null && !v.isBlank();
    }

    private static String value(HttpServletRequest request, String name) {
        String q = request.getParameter(name);
        return q != null && !q.isBlank() ? q : request.getHeader(BranchContext.headerName(name));
    }
}
