package io.dtm4j.spring.web;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.spring.DtmNoBranchException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the DTM outcomes a branch handler throws into the answers DTM reads: {@link DtmFailureException} into HTTP
 * 409 (FAILURE: the server rolls back, no retry) and {@link DtmOngoingException} into HTTP 425 (ONGOING: the server
 * asks again later), each with a {@code {"dtm_result": ...}} body, and {@link DtmNoBranchException} into 400.
 * Other exceptions keep Spring's handling (500, which DTM retries). Ordered early, so an application's catch-all
 * handler does not turn them into 500s.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class DtmExceptionHandler {

    /**
     * A definite failure of the branch.
     *
     * @param e the exception
     * @return 409 with {@code {"dtm_result":"FAILURE","message":...}}
     */
    @ExceptionHandler(DtmFailureException.class)
    public ResponseEntity<Map<String, String>> failure(DtmFailureException e) {
        return answer(HttpStatus.CONFLICT, "FAILURE", e.getMessage());
    }

    /**
     * The branch is not finished yet.
     *
     * @param e the exception
     * @return 425 with {@code {"dtm_result":"ONGOING","message":...}}
     */
    @ExceptionHandler(DtmOngoingException.class)
    public ResponseEntity<Map<String, String>> ongoing(DtmOngoingException e) {
        return answer(HttpStatus.valueOf(425), "ONGOING", e.getMessage());
    }

    /**
     * A guarded handler called without its DTM query: the request is wrong, so retrying it cannot help.
     *
     * @param e the exception
     * @return 400 with {@code {"dtm_result":"ERROR","message":...}}
     */
    @ExceptionHandler(DtmNoBranchException.class)
    public ResponseEntity<Map<String, String>> noBranch(DtmNoBranchException e) {
        return ResponseEntity.badRequest().body(Map.of("dtm_result", "ERROR", "message",
                DtmBranchErrorHandler.neutral(e.getMessage())));
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String result, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dtm_result", result);
        body.put("message", message == null ? "" : message);
        return ResponseEntity.status(status).body(body);
    }
}
