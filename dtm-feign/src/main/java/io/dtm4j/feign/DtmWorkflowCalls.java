package io.dtm4j.feign;

import feign.Capability;
import feign.Client;
import feign.Request;
import feign.Response;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.client.Workflow;
import io.dtm4j.client.WorkflowExchange;
import io.dtm4j.spring.DtmContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Makes Feign calls inside a running workflow ({@code @DtmWorkflow}) its branches, through
 * {@link Workflow#exchange(WorkflowExchange)}: the branch identity goes on the URL, an action's answer is recorded
 * and replayed on a resumed run without calling, and a FAILURE answer throws {@link DtmFailureException} (ONGOING
 * {@link DtmOngoingException}), so the workflow fails (or waits) as with {@code wf.call}. Outside a workflow the
 * call is left alone.
 */
public class DtmWorkflowCalls implements Capability {

    /** Creates the capability; the auto-configuration registers it for every Feign client. */
    public DtmWorkflowCalls() {
    }

    @Override
    public Client enrich(Client client) {
        return (request, options) -> {
            Workflow wf = DtmContext.currentWorkflow().orElse(null);
            return wf == null ? client.execute(request, options) : call(wf, client, request, options);
        };
    }

    private static Response call(Workflow wf, Client client, Request request, Request.Options options)
            throws IOException {
        WorkflowExchange.Answer answer;
        try {
            answer = wf.exchange(query -> {
                HttpUrl.Builder url = HttpUrl.get(request.url()).newBuilder();
                query.forEach(url::setQueryParameter);
                Request sent = Request.create(request.httpMethod(), url.build().toString(), request.headers(),
                        request.body(), request.charset(), request.requestTemplate());
                Response response = client.execute(sent, options);
                byte[] bytes;
                try (Response r = response; InputStream in = r.body() == null ? InputStream.nullInputStream()
                        : r.body().asInputStream()) {
                    bytes = in.readAllBytes();
                }
                return new WorkflowExchange.Answer(response.status(), bytes, response);
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        answer.throwIfFailureOrOngoing(request.httpMethod() + " " + request.url(), wf);
        if (answer.live() instanceof Response live) {
            return live.toBuilder().body(answer.body()).build();
        }
        Map<String, Collection<String>> headers = Map.of("Content-Type", List.of("application/json"));
        return Response.builder().request(request).status(answer.status()).reason("recorded by an earlier run of"
                + " the workflow").headers(headers).body(answer.body()).build();
    }
}
