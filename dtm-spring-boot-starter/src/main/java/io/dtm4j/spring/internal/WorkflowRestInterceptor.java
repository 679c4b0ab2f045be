package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.client.Workflow;
import io.dtm4j.client.WorkflowExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Makes {@code RestTemplate} and {@code RestClient} calls inside a running workflow its branches, through
 * {@link Workflow#exchange(WorkflowExchange)}: the branch identity goes on the URL, an action's answer is recorded
 * and replayed on a resumed run, and a FAILURE answer throws {@link DtmFailureException} (an ONGOING one
 * {@link DtmOngoingException}) so that the workflow fails (or waits) as with {@code wf.call}. Outside a workflow
 * it does nothing.
 */
public final class WorkflowRestInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ContextBinding.Bound bound = ContextBinding.current();
        if (bound == null || !(bound.transaction() instanceof Workflow wf)) {
            return execution.execute(request, body);
        }
        WorkflowExchange.Answer answer;
        try {
            answer = wf.exchange(query -> {
                // The request's URI is already encoded: only the added values are encoded, once.
                UriComponentsBuilder uri = UriComponentsBuilder.fromUri(request.getURI());
                query.forEach((name, value) -> uri.replaceQueryParam(name,
                        UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8)));
                URI target = uri.build(true).toUri();
                ClientHttpResponse response = execution.execute(new HttpRequestWrapper(request) {
                    @Override
                    public URI getURI() {
                        return target;
                    }
                }, body);
                byte[] bytes;
                try (InputStream in = response.getBody()) {
                    bytes = in.readAllBytes();
                } catch (IOException | RuntimeException e) {
                    response.close();
                    throw e;
                }
                return new WorkflowExchange.Answer(response.getStatusCode().value(), bytes, response);
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        try {
            answer.throwIfFailureOrOngoing(request.getMethod() + " " + request.getURI(), wf);
        } catch (RuntimeException e) {
            if (answer.live() instanceof ClientHttpResponse live) {
                live.close();
            }
            throw e;
        }
        return new Buffered(answer.status(), answer.body(), (ClientHttpResponse) answer.live());
    }

    /** The answer with its body read: the live response's status and headers, or a replayed one. */
    private static final class Buffered implements ClientHttpResponse {
        private final int status;
        private final byte[] body;
        private final ClientHttpResponse live;

        Buffered(int status, byte[] body, ClientHttpResponse live) {
            this.status = status;
            this.body = body;
            this.live = live;
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(status);
        }

        @Override
        public String getStatusText() throws IOException {
            return live != null ? live.getStatusText() : "recorded by an earlier run of the workflow";
        }

        @Override
        public HttpHeaders getHeaders() {
            if (live != null) {
                return live.getHeaders();
            }
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            if (live != null) {
                live.close();
            }
        }
    }
}
