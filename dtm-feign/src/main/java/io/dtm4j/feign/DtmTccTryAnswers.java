package io.dtm4j.feign;

import feign.Capability;
import feign.Client;
import feign.Response;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;

/**
 * Gives a failed {@link DtmTccTry} Feign call the same exception as a try the DTM client makes itself, by DTM's
 * rule (a body saying FAILURE or ONGOING counts, whatever the status): a {@link DtmFailureException} for FAILURE
 * (409), a {@link DtmOngoingException} for ONGOING (425), a {@link DtmException} for any other non-2xx answer,
 * each naming the gid, the branch and op {@code try}, the URL and the answer, instead of Feign's own
 * {@code FeignException}. The TCC then aborts, and the initiator gets a
 * {@link io.dtm4j.client.DtmTransactionFailedException} with this exception as its cause. Calls that are not TCC
 * tries (no {@code op=try} with a gid and branch in the query) are left alone.
 */
public class DtmTccTryAnswers implements Capability {

    /** A try's answer is small; one that is larger is cut for the check (and for the caller). */
    private static final int MAX_BODY = 1024 * 1024;

    /** Creates the capability; the auto-configuration registers it for every Feign client. */
    public DtmTccTryAnswers() {
    }

    @Override
    public Client enrich(Client client) {
        return (request, options) -> check(request.url(), client.execute(request, options));
    }

    private static Response check(String url, Response response) throws IOException {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null || !"try".equals(parsed.queryParameter("op")) || parsed.queryParameter("gid") == null
                || parsed.queryParameter("branch_id") == null) {
            return response;
        }
        byte[] bytes;
        try (Response r = response) {
            bytes = read(r);
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        // DTM's rule, as the client's own tries apply it: a 200 whose body says FAILURE or ONGOING is not a success.
        DtmResult result = response.status() >= 200 && response.status() < 300
                ? DtmResult.of(200, body) : DtmResult.of(response.status(), body);
        if (result == DtmResult.SUCCESS) {
            return response.toBuilder().body(bytes).build();
        }
        String gid = parsed.queryParameter("gid");
        String branchId = parsed.queryParameter("branch_id");
        String target = parsed.newBuilder().query(null).build().toString();
        String message = "TCC try at " + target + " answered " + result + " (HTTP " + response.status() + "): '"
                + body.strip() + "' [gid='" + gid + "', branch_id='" + branchId + "', op='try']";
        switch (result) {
            case FAILURE -> throw new DtmFailureException(message + " (a FAILURE is final: the TCC is cancelled)",
                    response.status(), body, gid, branchId, "try");
            case ONGOING -> throw new DtmOngoingException(message + " (a try must finish before it answers: the"
                    + " TCC is cancelled)", response.status(), body, gid, branchId, "try");
            default -> throw new DtmException(message + " (the try's outcome is unknown: the TCC is cancelled)",
                    null, response.status(), body, gid, branchId, "try");
        }
    }

    private static byte[] read(Response response) throws IOException {
        if (response.body() == null) {
            return new byte[0];
        }
        try (InputStream in = response.body().asInputStream()) {
            return in.readNBytes(MAX_BODY);
        }
    }
}
