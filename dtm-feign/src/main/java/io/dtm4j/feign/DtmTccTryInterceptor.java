package io.dtm4j.feign;

import feign.MethodMetadata;
import feign.RequestInterceptor;
import feign.RequestTemplate;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.Tcc;
import io.dtm4j.spring.DtmContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Turns a {@link DtmTccTry} Feign call into a TCC branch: registers it with the DTM server through the TCC
 * transaction bound to the thread, then adds the try's branch context to the request's query. Runs before
 * {@link DtmContextInterceptor}, so the try carries its own branch, not the one the caller serves.
 */
public class DtmTccTryInterceptor implements RequestInterceptor, Ordered {

    @Override
    public void apply(RequestTemplate template) {
        MethodMetadata metadata = template.methodMetadata();
        DtmTccTry tryAnnotation = metadata == null || metadata.method() == null ? null
                : metadata.method().getAnnotation(DtmTccTry.class);
        if (tryAnnotation == null) {
            return;
        }
        String method = metadata.configKey();
        Tcc tcc;
        try {
            tcc = DtmContext.tcc();
        } catch (DtmException e) {
            throw new DtmException("the Feign TCC try " + method + " was called outside a TCC transaction (call it"
                    + " from a @DtmTcc method or inside DtmTemplate.tcc)", e);
        }
        String base = template.feignTarget() == null ? "" : template.feignTarget().url();
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
