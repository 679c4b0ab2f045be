package io.dtm4j.feign;

import feign.MethodMetadata;
import feign.RequestInterceptor;
import feign.RequestTemplate;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.Tcc;
import io.dtm4j.spring.DtmContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Turns a {@link DtmTccTry} Feign call into a TCC branch: registers it with the DTM server through the TCC
 * transaction bound to the thread (or, inside a TCC try handler, as a nested branch of that try), then adds the
 * try's branch context to the request's query. Runs before
 * {@link DtmContextInterceptor}, so the try carries its own branch, not the one the caller serves.
 */
public class DtmTccTryInterceptor implements RequestInterceptor, Ordered {

    private static final String NESTED = DtmTccTryInterceptor.class.getName() + ".nested";

    private final Supplier<DtmClient> client;
    private final FeignUrls urls;

    /**
     * Creates the interceptor.
     *
     * @param client the client, for nested branches opened inside a try handler (looked up on first use)
     * @param urls turns a Feign target addressed by service name into an instance URL the DTM server can call
     */
    public DtmTccTryInterceptor(Supplier<DtmClient> client, FeignUrls urls) {
        this.client = client;
        this.urls = urls;
    }

    @Override
    public void apply(RequestTemplate template) {
        MethodMetadata metadata = template.methodMetadata();
        DtmTccTry tryAnnotation = metadata == null || metadata.method() == null ? null
                : metadata.method().getAnnotation(DtmTccTry.class);
        if (tryAnnotation == null) {
            return;
        }
        String method = metadata.configKey();
        Tcc tcc = transaction(method);
        String base = template.feignTarget() == null ? "" : urls.callable(template.feignTarget().url());
        byte[] body = template.body();
        String json = body == null || body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8);
        BranchContext branch = tcc.registerBranch(json, resolve(base, tryAnnotation.confirm()),
                resolve(base, tryAnnotation.cancel()));
        for (Map.Entry<String, String> e : branch.toQuery().entrySet()) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                template.query(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * The TCC transaction of the thread: the one a {@code @DtmTcc} method or {@code DtmTemplate.tcc} bound, else,
     * inside a TCC try handler, a handle on its branch that opens nested branches ({@code 0101}, {@code 0102}...),
     * kept for the rest of the request so the ids keep counting.
     */
    private Tcc transaction(String method) {
        try {
            return DtmContext.tcc();
        } catch (DtmException notBound) {
            BranchContext branch = DtmContext.branch().orElse(null);
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (branch != null && "tcc".equals(branch.transType()) && "try".equals(branch.op()) && request != null) {
                Object kept = request.getAttribute(NESTED, RequestAttributes.SCOPE_REQUEST);
                if (kept instanceof Tcc nested && nested.gid().equals(branch.gid())) {
                    return nested;
                }
                Tcc nested = Tcc.fromBranch(client.get(), branch);
                request.setAttribute(NESTED, nested, RequestAttributes.SCOPE_REQUEST);
                return nested;
            }
            throw new DtmException("the Feign TCC try " + method + " was called outside a TCC transaction (call it"
                    + " from a @DtmTcc method, inside DtmTemplate.tcc, or from a TCC try handler for a nested"
                    + " branch)", notBound);
        }
    }

    private static String resolve(String base, String path) {
        if (path.isEmpty() || path.startsWith("http://") || path.startsWith("https://")) {
            return path;
        }
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + (path.startsWith("/") ? path : "/" + path);
    }

    @Override
    public int getOrder() {
        return DtmContextInterceptor.ORDER - 1;
    }
}
