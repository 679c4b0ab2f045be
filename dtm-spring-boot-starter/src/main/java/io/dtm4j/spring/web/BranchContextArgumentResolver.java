package io.dtm4j.spring.web;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;

/**
 * Gives a controller method its {@link BranchContext} parameter from the request's query ({@code gid},
 * {@code trans_type}, {@code branch_id}, {@code op}) or the {@code Dtm-*} headers; a missing value answers 400
 * with the client's message, which names it.
 *
 * <pre>{@code
 * @PostMapping("/transIn")
 * public void transIn(BranchContext branch, @RequestBody TransferRequest req) { ... }
 * }</pre>
 */
public class BranchContextArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return BranchContext.class == parameter.getParameterType();
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        try {
            return BranchContext.from(request::getParameter, request::getHeader);
        } catch (DtmException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e);
        }
    }
}
