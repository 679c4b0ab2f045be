package io.dtm4j.samples.quickstart;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Bad input on the public endpoint answers 400 with a message that says what was wrong; nothing reached DTM.
 */
@RestControllerAdvice(assignableTypes = TransferController.class)
public class BadRequestAdvice {

    /**
     * A request that breaks a rule.
     *
     * @param e what was wrong
     * @return 400
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /**
     * A body that is not a transfer's JSON.
     *
     * @param e the parse error
     * @return 400
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        String cause = e.getMostSpecificCause().getMessage();
        return ResponseEntity.badRequest().body(Map.of("error", "the body is not a transfer's JSON: "
                + (cause == null ? e.getMessage() : cause.lines().findFirst().orElse(cause))
                + " (send {\"from\":\"alice\",\"to\":\"bob\",\"amount\":30})"));
    }
}
