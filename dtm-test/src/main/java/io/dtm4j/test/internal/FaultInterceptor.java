package io.dtm4j.test.internal;

import io.dtm4j.client.BranchInfo;
import io.dtm4j.client.DtmResult;
import io.dtm4j.client.TransQueryResult;
import io.dtm4j.test.BranchCall;
import io.dtm4j.test.BranchFault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sits around every call the test server makes to a branch: applies the armed {@link BranchFault}s and records each
 * call (and each extra call a fault makes) as a {@link BranchCall}. Calls without a gid (alert webhooks) pass.
 */
public final class FaultInterceptor implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_RECORDED = 2000;

    private final List<Armed> faults = new CopyOnWriteArrayList<>();
    private final Map<String, List<BranchCall>> calls = new ConcurrentHashMap<>();
    private final OkHttpClient extraCalls = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final Function<String, TransQueryResult> query;

    /**
     * @param query looks a transaction up on the server (for the compensation a fault calls first)
     */
    public FaultInterceptor(Function<String, TransQueryResult> query) {
        this.query = query;
    }

    /** Arms a fault. */
    public void arm(BranchFault fault) {
        faults.add(new Armed(Objects.requireNonNull(fault, "fault")));
    }

    /** The faults not yet spent, as armed. */
    public List<String> pending() {
        return faults.stream().filter(a -> a.left.get() > 0).map(a -> a.fault + " (" + a.left.get() + " left)")
                .toList();
    }

    /** Forgets the faults and the recorded calls. */
    public void reset() {
        faults.clear();
        calls.clear();
    }

    /** The calls made for a gid so far, in order. */
    public List<BranchCall> calls(String gid) {
        List<BranchCall> list = calls.get(gid);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Stops the client used for the extra calls faults make. */
    public void close() {
        extraCalls.dispatcher().executorService().shutdown();
        extraCalls.connectionPool().evictAll();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        String gid = url.queryParameter("gid");
        if (gid == null) {
            return chain.proceed(request);
        }
        Call call = new Call(gid, Objects.requireNonNullElse(url.queryParameter("branch_id"), ""),
                Objects.requireNonNullElse(url.queryParameter("op"), ""), url.scheme() + "://" + url.host() + ":"
                + url.port() + url.encodedPath());
        BranchFault fault = take(call);
        if (fault == null) {
            return record(call, chain.proceed(request), null);
        }
        String label = fault.toString();
        switch (fault.kind()) {
            case ANSWER -> {
                Response answer = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
                        .code(fault.status()).message("injected by the test")
                        .body(ResponseBody.create(fault.body(), JSON)).build();
                record(call, fault.status(), fault.body(), label, false);
                return answer;
            }
            case CALL_TWICE -> {
                record(call, chain.proceed(request), label).close();
                return record(call, chain.proceed(request), label);
            }
            case COMPENSATION_FIRST -> {
                compensate(call, request, label);
                return record(call, chain.proceed(request), label);
            }
            case TRY_AFTER_CANCEL -> {
                Response cancel = record(call, chain.proceed(request), label);
                HttpUrl target;
                try {
                    target = extraUrl(fault.tryUrl(), url, "try");
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                Call late = new Call(gid, call.branchId, "try", fault.tryUrl());
                try (Response answer = extraCalls.newCall(request.newBuilder().url(target).build()).execute()) {
                    record(late, answer, label).close();
                } catch (IOException e) {
                    record(late, 0, e.toString(), label, true);
                }
                return cancel;
            }
            case LOSE_REPLY -> {
                record(call, chain.proceed(request), label).close();
                throw new IOException("the reply of " + call.url + " (gid " + gid + ", branch " + call.branchId
                        + ", op " + call.op + ") was dropped by the test's fault " + label);
            }
            case DELAY -> {
                long until = System.nanoTime() + fault.delay().toNanos();
                while (System.nanoTime() < until) {
                    if (chain.call().isCanceled()) {
                        // The server gave up on the call (its request timeout): the request still arrives, late.
                        try (Response late = extraCalls.newCall(request).execute()) {
                            record(call, late, label + " (arrived after the server's timeout)").close();
                        } catch (IOException e) {
                            record(call, 0, e.toString(), label + " (arrived after the server's timeout)", true);
                        }
                        throw new InterruptedIOException("timeout: the call to " + call.url + " was delayed by the"
                                + " test's fault " + label + " beyond the request timeout");
                    }
                    try {
                        Thread.sleep(Math.max(1, Math.min(20, (until - System.nanoTime()) / 1_000_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted during the injected delay");
                    }
                }
                return record(call, chain.proceed(request), label);
            }
            default -> throw new IllegalStateException(fault.kind().toString());
        }
    }

    /**
     * Calls the compensation of the same branch, with its own URL and payload, before the action goes on; nothing
     * when the transaction has none for that branch (the history then shows the action alone).
     */
    private void compensate(Call call, Request action, String label) throws IOException {
        BranchInfo row;
        try {
            TransQueryResult trans = query.apply(call.gid);
            row = trans.branches().stream().filter(b -> b.branchId().equals(call.branchId)
                    && b.op().equals("compensate")).findFirst().orElse(null);
        } catch (RuntimeException e) {
            throw new IOException("the test's fault " + label + " could not read gid " + call.gid + ": " + e, e);
        }
        if (row == null) {
            return;
        }
        Call extra = new Call(call.gid, call.branchId, "compensate", row.url());
        HttpUrl target;
        try {
            target = extraUrl(row.url(), action.url(), "compensate");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Request request = action.newBuilder().url(target).post(RequestBody.create(row.payload() == null ? ""
                : row.payload(), JSON)).build();
        try (Response answer = extraCalls.newCall(request).execute()) {
            record(extra, answer, label).close();
        } catch (IOException e) {
            record(extra, 0, e.toString(), label, true);
        }
    }

    /** The other URL with the DTM query of the original call, its op replaced. */
    private static HttpUrl extraUrl(String url, HttpUrl original, String op) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("the fault's URL " + url + " is not an http(s) URL");
        }
        HttpUrl.Builder b = parsed.newBuilder();
        for (String name : List.of("gid", "trans_type", "branch_id")) {
            String value = original.queryParameter(name);
            if (value != null) {
                b.setQueryParameter(name, value);
            }
        }
        return b.setQueryParameter("op", op).build();
    }

    private BranchFault take(Call call) {
        for (Armed armed : faults) {
            if (armed.fault.matches(call.url, call.op, call.gid) && armed.left.getAndDecrement() > 0) {
                return armed.fault;
            }
        }
        return null;
    }

    private Response record(Call call, Response response, String fault) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        record(call, response.code(), text, fault, true);
        return response.newBuilder().body(ResponseBody.create(text, body == null ? JSON : body.contentType()))
                .build();
    }

    private void record(Call call, int status, String answer, String fault, boolean reached) {
        String shown = answer.length() > MAX_RECORDED ? answer.substring(0, MAX_RECORDED) + "..." : answer;
        DtmResult outcome = status == 0 ? DtmResult.ERROR : DtmResult.of(status, answer);
        List<BranchCall> list = calls.computeIfAbsent(call.gid, g -> new ArrayList<>());
        synchronized (list) {
            list.add(new BranchCall(call.gid, call.branchId, call.op, call.url, status, shown.strip(), outcome, fault,
                    reached, Instant.now()));
        }
    }

    private record Call(String gid, String branchId, String op, String url) {
    }

    private static final class Armed {
        final BranchFault fault;
        final AtomicInteger left;

        Armed(BranchFault fault) {
            this.fault = fault;
            this.left = new AtomicInteger(fault.times());
        }
    }
}
