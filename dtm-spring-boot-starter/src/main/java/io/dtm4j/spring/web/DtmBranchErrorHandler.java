package io.dtm4j.spring.web;

import io.dtm4j.client.BranchContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last resort for a DTM branch request (one that carries {@code gid} and {@code op}): an exception no other
 * handler took answers 500 with {@code {"dtm_result":"ERROR","message":...}}, which DTM retries. Ordered last, so
 * the application's own handlers win. A body or parameter that does not fit the handler answers 400, with the
 * same body shape. Exceptions that already carry an HTTP status (Spring MVC's 4xx, a
 * {@code @ResponseStatus}) and requests that are not branch calls keep Spring's handling.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class DtmBranchErrorHandler {

    /**
     * Answers a branch call that failed with an unexpected error.
     *
     * @param e the error
     * @param request the request
     * @return 500 (400 for a request that does not fit the handler) with
     *     {@code {"dtm_result":"ERROR","message":...}}
     * @throws Exception the error itself, when the request is not a branch call or the error has its own status
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, String>> error(Exception e, HttpServletRequest request) throws Exception {
        boolean branchCall = request.getParameter(BranchContext.GID) != null
                && request.getParameter(BranchContext.OP) != null;
        if (!branchCall || e instanceof ErrorResponse
                || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dtm_result", "ERROR");
        if (e instanceof HttpMessageNotReadableException || e instanceof TypeMismatchException) {
            body.put("message", "branch " + request.getParameter(BranchContext.GID) + "/"
                    + request.getParameter(BranchContext.OP) + " of " + request.getRequestURI() + ": the request"
                    + " does not fit the handler: " + neutral(e.getMessage()) + " (DTM retries it; fix the body the"
                    + " initiator sends or the handler's parameter types)");
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(body);
        }
        body.put("message", neutral(String.valueOf(e.getMessage())));
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
    }

    /**
     * The message with DTM's outcome words in lower case: DTM reads a body that contains {@code FAILURE} or
     * {@code ONGOING} as that outcome whatever the status (protocol §1.2), so an error that quotes such a value
     * (a request field, say) would turn a retried error into a rollback.
     */
    static String neutral(String message) {
        return message.replace("FAILURE", "failure").replace("ONGOING", "ongoing");
    }
}
