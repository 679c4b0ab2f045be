package io.dtm4j.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtm4j.client.internal.HttpTransport;
import io.dtm4j.client.internal.Json;
import io.dtm4j.client.internal.ServerApi;
import io.dtm4j.client.internal.Urls;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Entry point of the plain Java DTM client: starts global transactions of every mode and makes the server's
 * low-level calls. Immutable and thread-safe: build one per DTM server and share it.
 *
 * <pre>{@code
 * DtmClient dtm = DtmClient.create("http://localhost:36789/api/dtmsvr");
 * String gid = dtm.saga()
 *         .add("http://bank1/api/transOut", "http://bank1/api/transOutCompensate", req)
 *         .add("http://bank2/api/transIn", "http://bank2/api/transInCompensate", req)
 *         .submit();
 * dtm.tcc(tcc -> {
 *     tcc.callBranch(req, tryUrl, confirmUrl, cancelUrl);
 * });
 * }</pre>
 */
public final class DtmClient {

    /** Default connect timeout of calls to the server and to branches. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Default read timeout; a {@code wait_result} submit waits for one server round, which takes up to ~5 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private final HttpUrl server;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final HttpTransport transport;
    private final Json json;
    private final ServerApi api;

    DtmClient(HttpUrl server, OkHttpClient http, ObjectMapper mapper) {
        this.server = server;
        this.http = http;
        this.mapper = mapper;
        this.transport = new HttpTransport(http);
        this.json = new Json(mapper);
        this.api = new ServerApi(server, transport, json);
    }

    /**
     * Creates a client with default settings.
     *
     * @param serverUrl the DTM API base, e.g. {@code http://localhost:36789/api/dtmsvr}; a URL without a path gets
     *     {@code /api/dtmsvr}
     * @return the client
     */
    public static DtmClient create(String serverUrl) {
        return builder().serverUrl(serverUrl).build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static DtmClientBuilder builder() {
        return new DtmClientBuilder();
    }

    /**
     * Starts a builder holding this client's settings (and sharing its HTTP client).
     *
     * @return a new builder
     */
    public DtmClientBuilder newBuilder() {
        return new DtmClientBuilder().serverUrl(server.toString()).httpClient(http).objectMapper(mapper);
    }

    /**
     * A client for another DTM server that shares this one's HTTP client and mapper; used for branch requests that
     * name their server ({@code dtm} parameter).
     *
     * @param serverUrl the other server's API base; {@code null} or blank returns this client
     * @return the client
     */
    public DtmClient forServer(String serverUrl) {
        if (serverUrl == null || serverUrl.isBlank() || Urls.server(serverUrl).equals(server)) {
            return this;
        }
        return new DtmClient(Urls.server(serverUrl), http, mapper);
    }

    /**
     * The DTM API base this client talks to.
     *
     * @return for example {@code http://localhost:36789/api/dtmsvr}
     */
    public String serverUrl() {
        return server.toString();
    }

    /**
     * The mapper that serialises payloads; shared with every transaction of this client, so do not reconfigure it.
     *
     * @return the mapper
     */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    /**
     * Asks the server for a new unique gid ({@code GET /newGid}).
     *
     * @return the gid
     * @throws DtmException when the server cannot be reached or answers without a gid
     */
    public String newGid() {
        return api.newGid();
    }

    /**
     * Asks the server for its version ({@code GET /version}): a cheap way to see that it answers.
     *
     * @return for example {@code v1.19.0}; empty when the server sent none
     * @throws DtmException when the server cannot be reached or does not answer as a DTM server
     */
    public String version() {
        return api.version();
    }

    /**
     * Creates a global transaction in status {@code prepared} ({@code POST /prepare}).
     *
     * @param request the transaction
     * @throws DtmException when the call fails; a {@link DtmFailureException} when the gid exists in another status
     */
    public void prepare(TransRequest request) {
        postTransaction("prepare", request);
    }

    /**
     * Submits a global transaction ({@code POST /submit}). With {@code wait_result}, an answer other than success is
     * checked against the server's record of the gid, since the server answers an error both when the transaction
     * failed and when it is merely not finished yet.
     *
     * @param request the transaction
     * @throws DtmTransactionFailedException with {@code wait_result}, when the transaction failed or is rolling
     *     back
     * @throws DtmTransactionPendingException with {@code wait_result}, when it is not finished yet (the server
     *     keeps retrying it)
     * @throws DtmException when the call fails; a {@link DtmFailureException} when the gid already finished
     */
    public void submit(TransRequest request) {
        if (!Objects.requireNonNull(request, "request").options().waitResult()) {
            postTransaction("submit", request);
            return;
        }
        try {
            postTransaction("submit", request);
        } catch (DtmException answer) {
            Optional<DtmTransactionException> outcome = Outcomes.of(this, request.gid(), request.transType(),
                    answer);
            if (outcome.isPresent()) {
                throw outcome.get();
            }
        }
    }

    /**
     * Asks the server how a transaction stands that did not simply succeed (a call that failed or timed out, a
     * try that failed), and returns the exception that says what is true: failed or rolling back, not finished yet
     * (with the branch being retried and its last answer), or not known.
     *
     * @param gid the gid
     * @param transType its mode
     * @param cause what went wrong, chained; its branch and answer are reported when it has them
     * @return the exception to throw, or empty when the transaction succeeded after all
     */
    public Optional<DtmTransactionException> outcome(String gid, TransType transType, Throwable cause) {
        return Outcomes.of(this, requireGid(gid), Objects.requireNonNull(transType, "transType"), cause);
    }

    /**
     * Aborts a prepared TCC/XA transaction or a prepared msg ({@code POST /abort}).
     *
     * @param request gid, mode and optional rollback reason
     * @throws DtmException when the call fails; a {@link DtmFailureException} when the transaction can no longer
     *     be aborted
     */
    public void abort(TransRequest request) {
        postTransaction("abort", request);
    }

    /**
     * Registers a branch of a prepared TCC, XA or workflow transaction ({@code POST /registerBranch}).
     *
     * @param branch string fields: {@code gid}, {@code trans_type}, {@code branch_id} and the mode's own fields
     *     ({@code confirm}/{@code cancel}/{@code data} for TCC, {@code url} for XA)
     * @throws DtmException when the call fails; a {@link DtmFailureException} when the transaction is not
     *     {@code prepared}
     */
    public void registerBranch(Map<String, String> branch) {
        api.registerBranch(Objects.requireNonNull(branch, "branch"));
    }

    /**
     * Reads a transaction and its branches ({@code GET /query}).
     *
     * @param gid the gid, not blank
     * @return the transaction (empty for an unknown gid) and its branches
     */
    public TransQueryResult query(String gid) {
        if (gid == null || gid.isBlank()) {
            throw new IllegalArgumentException("query needs a gid but got '" + gid + "' (pass the gid that submit"
                    + " or tcc returned)");
        }
        return api.query(gid);
    }

    /**
     * Lists transactions, newest first, one page at a time ({@code GET /all}).
     *
     * @param query filters and paging
     * @return one page
     */
    public TransPage all(AllQuery query) {
        return api.all(Objects.requireNonNull(query, "query"));
    }

    /**
     * Starts a saga whose gid the server assigns at {@link Saga#submit()}.
     *
     * @return the saga
     */
    public Saga saga() {
        return new Saga(this, null);
    }

    /**
     * Starts a saga with a gid of your choosing.
     *
     * @param gid a unique id, not blank
     * @return the saga
     */
    public Saga saga(String gid) {
        return new Saga(this, requireGid(gid));
    }

    /**
     * Starts a 2-phase message whose gid the server assigns when it is first sent.
     *
     * @return the message
     */
    public Msg msg() {
        return new Msg(this, null);
    }

    /**
     * Starts a 2-phase message with a gid of your choosing.
     *
     * @param gid a unique id, not blank
     * @return the message
     */
    public Msg msg(String gid) {
        return new Msg(this, requireGid(gid));
    }

    /**
     * Runs a TCC global transaction with a new gid and default options; see
     * {@link #tcc(String, TransOptions, TccCallback)}.
     *
     * @param callback calls the tries
     * @return the gid
     */
    public String tcc(TccCallback callback) {
        return tcc(newGid(), TransOptions.defaults(), callback);
    }

    /**
     * Runs a TCC global transaction: prepares it, runs the callback (which calls the tries through
     * {@link Tcc#callBranch}), then submits it; if the callback throws, aborts it with the error text as
     * {@code rollback_reason} and rethrows (checked exceptions wrapped in {@link DtmException}).
     *
     * @param gid a unique id, not blank
     * @param options transaction options
     * @param callback calls the tries
     * @return the gid
     */
    public String tcc(String gid, TransOptions options, TccCallback callback) {
        Tcc tcc = new Tcc(this, requireGid(gid), options, "");
        GlobalRunner.run(this, TransType.TCC, gid, options, () -> callback.run(tcc));
        return gid;
    }

    /**
     * Runs an XA global transaction with a new gid and default options; see
     * {@link #xa(String, TransOptions, XaCallback)}.
     *
     * @param callback calls the XA branches
     * @return the gid
     */
    public String xa(XaCallback callback) {
        return xa(newGid(), TransOptions.defaults(), callback);
    }

    /**
     * Runs an XA global transaction: prepares it, runs the callback (which calls the branches through
     * {@link Xa#callBranch}), then submits it (phase 2 commit); if the callback throws, aborts it (phase 2
     * rollback) and rethrows.
     *
     * @param gid a unique id, not blank
     * @param options transaction options
     * @param callback calls the XA branches
     * @return the gid
     */
    public String xa(String gid, TransOptions options, XaCallback callback) {
        Xa xa = new Xa(this, requireGid(gid), options);
        GlobalRunner.run(this, TransType.XA, gid, options, () -> callback.run(xa));
        return gid;
    }

    HttpTransport transport() {
        return transport;
    }

    ServerApi api() {
        return api;
    }

    OkHttpClient http() {
        return http;
    }

    Json json() {
        return json;
    }

    private void postTransaction(String operation, TransRequest request) {
        api.transaction(operation, Objects.requireNonNull(request, "request"));
    }

    private static String requireGid(String gid) {
        if (gid == null || gid.isBlank()) {
            throw new IllegalArgumentException("gid must not be blank but was '" + gid
                    + "' (use DtmClient.newGid() or your own unique business id)");
        }
        return gid;
    }
}
