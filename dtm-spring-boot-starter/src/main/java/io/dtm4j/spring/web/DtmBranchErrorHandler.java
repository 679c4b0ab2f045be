package io.dtm4j.spring.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last resort for a DTM branch request (see {@link DtmExceptionHandler#isBranchRequest}): an exception that
 * neither the application's handlers (its {@code @ControllerAdvice} included) nor Spring's own resolvers took
 * answers 500 with {@code {"dtm_result":"ERROR","message":...}}, which DTM retries. It runs after every other
 * resolver, so the application's handlers always win; requests that are not branch calls keep Spring's handling.
 */
public class DtmBranchErrorHandler implements HandlerExceptionResolver, Ordered {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        if (!DtmExceptionHandler.isBranchRequest(request, handler)) {
            return null;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dtm_result", "ERROR");
        body.put("message", neutral(String.valueOf(ex.getMessage())));
        write(response, 500, body);
        return new ModelAndView();
    }

    static void write(HttpServletResponse response, int status, Map<String, String> body) {
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            JSON.writeValue(response.getOutputStream(), body);
        } catch (IOException e) {
            // The caller went away: nothing left to answer.
        }
    }

    /**
     * The message with DTM's outcome words in lower case: DTM reads a body that contains {@code FAILURE} or
     * {@code ONGOING} as that outcome whatever the status, so an error that quotes such a value (a request field,
     * say) would turn a retried error into a rollback.
     */
    static String neutral(String message) {
        return message.replace("FAILURE", "failure").replace("ONGOING", "ongoing");
    }
}
