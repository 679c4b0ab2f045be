package io.dtm4j.client.internal;

import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP calls for the client (to the DTM server and to branches) and turns their answers into DTM results,
 * throwing typed exceptions for anything but SUCCESS.
 */
public final class HttpTransport {

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    public HttpTransport(OkHttpClient http) {
        this.http = http;
    }

    /** Status and body of an HTTP answer. */
    public record Answer(int status, String body) {
    }

    public static Request.Builder post(HttpUrl url, String jsonBody) {
        return new Request.Builder().url(url).header("Accept", "application/json")
                .post(RequestBody.create(jsonBody, JSON));
    }

    public static Request.Builder get(HttpUrl url) {
        return new Request.Builder().url(url).header("Accept", "application/json").get();
    }

    public static Request.Builder withHeaders(Request.Builder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        return builder;
    }

    /** Executes a request; a transport failure becomes a {@link DtmException} naming the target and the remedy. */
    public Answer execute(Request request, CallTarget target) {
        log.debug("{} {} {} {}", request.method(), request.url(), target.what(), target.identity());
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            Answer answer = new Answer(response.code(), body == null ? "" : body.string());
            log.debug("{} answered {} {}", request.url(), answer.status(), CallTarget.abbreviate(answer.body()));
            return answer;
        } catch (InterruptedIOException e) {
            throw new DtmException("timed out waiting for " + target.what() + " at " + request.url() + ": " + e
                    + " " + target.identity() + " (the outcome is unknown: query the transaction before retrying;"
                    + " raise the client's readTimeout if the call is just slow)", e, DtmException.NO_STATUS, null,
                    target.gid(), target.branchId(), target.op());
        } catch (IOException e) {
            throw new DtmException("cannot reach " + target.what() + " at " + request.url() + ": " + e
                    + " " + target.identity() + " (check that it is running and the URL is right; the outcome"
                    + " is unknown, so query the transaction before retrying)", e, DtmException.NO_STATUS, null,
                    target.gid(), target.branchId(), target.op());
        }
    }

    /** Executes a request and requires DTM's SUCCESS; returns the answer's body. */
    public String call(Request request, CallTarget target) {
        Answer answer = execute(request, target);
        return requireSuccess(answer, request.url().toString(), target);
    }

    /**
     * Executes a read ({@code query}, {@code all}, {@code newGid}): any 200 answer is data, even when a stored
     * rollback reason in it contains the text {@code FAILURE}; other statuses are classified as usual.
     */
    public String read(Request request, CallTarget target) {
        Answer answer = execute(request, target);
        return answer.status() == 200 ? answer.body()
                : requireSuccess(answer, request.url().toString(), target);
    }

    /** Throws the exception matching the answer's result unless it is SUCCESS. */
    public static String requireSuccess(Answer answer, String url, CallTarget target) {
        DtmResult result = DtmResult.of(answer.status(), answer.body());
        String quoted = "'" + CallTarget.abbreviate(answer.body()) + "' " + target.identity();
        switch (result) {
            case SUCCESS:
                return answer.body();
            case FAILURE:
                throw new DtmFailureException(target.what() + " at " + url + " answered FAILURE (HTTP "
                        + answer.status() + "): " + quoted + " (a FAILURE is final and is not retried: check the"
                        + " request and the business state)", answer.status(), answer.body(), target.gid(),
                        target.branchId(), target.op());
            case ONGOING:
                throw new DtmOngoingException(target.what() + " at " + url + " answered ONGOING (HTTP "
                        + answer.status() + "): " + quoted + " (the work is not finished; DTM keeps retrying it:"
                        + " query the transaction later)", answer.status(), answer.body(), target.gid(),
                        target.branchId(), target.op());
            default:
                throw new DtmException(target.what() + " at " + url + " failed with HTTP " + answer.status() + ": "
                        + quoted + " (the outcome is unknown: see that service's log, and query the transaction"
                        + " before retrying)", null, answer.status(), answer.body(), target.gid(),
                        target.branchId(), target.op());
        }
    }
}
