package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.FakeDtmServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The result rule over the wire, and what every mode does with bad input, a dead server and concurrency. */
class ErrorPathsWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    @ParameterizedTest(name = "server answers {0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "425 | {\"dtm_result\":\"ONGOING\"}              | ONGOING",
        "200 | {\"dtm_result\":\"ONGOING\"}              | ONGOING",
        "409 | {\"dtm_result\":\"FAILURE\"}              | FAILURE",
        "200 | {\"dtm_result\":\"FAILURE\"}              | FAILURE",
        "500 | {\"message\":\"storage error\"}           | ERROR",
        "503 | unavailable                              | ERROR",
        "200 | {\"dtm_result\":\"SUCCESS\"}              | SUCCESS",
    })
    void serverAnswersBecomeTypedResults(int status, String body, DtmResult expected) {
        dtm.answer(status, body);

        DtmResult actual = outcome(() -> dtm.client().saga("w-1").add("http://rm/a", "", 1).submit());

        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "TCC try answers {0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "425 | ''                                       | ONGOING",
        "200 | {\"dtm_result\":\"FAILURE\"}              | FAILURE",
        "409 | {\"error\":\"no money\"}                  | FAILURE",
        "500 | {\"error\":\"NullPointerException\"}      | ERROR",
        "404 | not found                                | ERROR",
        "200 | {\"balance\":1}                          | SUCCESS",
    })
    void branchAnswersBecomeTypedResults(int status, String body, DtmResult expected) {
        dtm.success().success().answer(status, body).success();

        DtmResult actual;
        try {
            dtm.client().tcc("w-2", TransOptions.defaults(), tcc -> tcc.callBranch(1, dtm.url("/try"), "", ""));
            actual = DtmResult.SUCCESS;
        } catch (DtmTransactionFailedException e) {
            // Whatever the try answered, the TCC was aborted: the initiator learns that, and the try's own result.
            assertThat(e.gid()).isEqualTo("w-2");
            assertThat(e.transType()).isEqualTo(TransType.TCC);
            assertThat(e.status()).isEqualTo(TransStatus.ABORTING);
            assertThat(e.branchId()).isEqualTo("01");
            assertThat(e.op()).isEqualTo("try");
            assertThat(e.result()).isEqualTo(DtmResult.FAILURE);
            actual = ((DtmException) e.getCause()).result();
        }

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void anUnreachableServerStopsATccBeforeTheCallbackRuns() throws IOException {
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> DtmClient.create(deadUrl()).tcc("w-3", TransOptions.defaults(),
                tcc -> ran.incrementAndGet()))
                .isInstanceOf(DtmException.class).hasMessageContaining("cannot reach DTM server operation 'prepare'")
                .hasMessageContaining("gid='w-3'");
        assertThat(ran).hasValue(0);
    }

    @Test
    void anUnreachableBackCheckLeavesTheMessageToTheServer() throws Exception {
        dtm.success();
        String deadQuery = deadUrl() + "/queryPrepared";

        assertThatThrownBy(() -> dtm.client().msg("w-4").add("http://rm/a", 1).doAndSubmit(deadQuery, b -> {
            throw new IllegalStateException("commit outcome unknown");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(dtm.take().getPath()).endsWith("/prepare");
        assertThat(dtm.requestCount()).as("neither submit nor abort").isEqualTo(1);
    }

    @Test
    void aSubmitFailingAfterABackCheckSuccessKeepsTheWorkErrorFirst() throws Exception {
        dtm.success().answer(200, "{\"dtm_result\":\"SUCCESS\"}").answer(500, "{\"message\":\"db down\"}");

        assertThatThrownBy(() -> dtm.client().msg("w-5").add("http://rm/a", 1).branchHeader("x-t", "1")
                .doAndSubmit(dtm.url("/qp"), b -> {
                    throw new IllegalStateException("connection reset");
                }))
                .isInstanceOf(IllegalStateException.class).hasMessage("connection reset")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("db down")));
        dtm.take();
        assertThat(dtm.take().getHeader("x-t")).as("back-check carries the branch headers").isEqualTo("1");
    }

    @Test
    void aWrappedBusinessFailureStillAbortsWithoutAskingTheBackCheck() throws Exception {
        dtm.success().success();

        assertThatThrownBy(() -> dtm.client().msg("w-6").add("http://rm/a", 1).doAndSubmit(dtm.url("/qp"), b -> {
            throw new IllegalStateException("wrapped", new DtmFailureException("sold out"));
        })).isInstanceOf(IllegalStateException.class);

        dtm.take();
        assertThat(dtm.take().getPath()).endsWith("/abort");
    }

    @Test
    void badInputInEachModeFailsBeforeTheWire() {
        DtmClient client = dtm.client();

        assertThatThrownBy(() -> client.msg("w-7").add("ship", 1)).hasMessageContaining("'ship'");
        assertThatThrownBy(() -> client.msg("w-7").add("http://rm/a", new Object()))
                .hasMessageContaining("payload of msg step 0");
        assertThat(dtm.requestCount()).isZero();

        dtm.success().success();
        assertThatThrownBy(() -> client.xa("w-8", TransOptions.defaults(), xa -> xa.callBranch(1, "/relative")))
                .hasMessageContaining("XA branch URL '/relative' of gid 'w-8' is invalid");
        dtm.success().success();
        assertThatThrownBy(() -> client.tcc("w-9", TransOptions.defaults(),
                tcc -> tcc.callBranch(new Object(), dtm.url("/try"), "", "")))
                .hasMessageContaining("TCC branch body of gid 'w-9'");
    }

    @Test
    void registerBranchRefusesNullValues() {
        Map<String, String> branch = new HashMap<>(Map.of("gid", "g", "trans_type", "tcc", "branch_id", "01"));
        branch.put("confirm", null);

        assertThatThrownBy(() -> dtm.client().registerBranch(branch))
                .hasMessageContaining("value of 'confirm' is null").hasMessageContaining("nothing was sent");
        assertThat(dtm.requestCount()).isZero();
    }

    @Test
    void nestedTccNeedsTheServerOfTheRequest() {
        assertThatThrownBy(() -> Tcc.fromBranch(dtm.client(), BranchContext.of("tcc", "g", "01", "try")))
                .hasMessageContaining("has no 'dtm' parameter");
    }

    @Test
    void concurrentTriesOnOneTccGetDistinctBranchIds() throws Exception {
        dtm.alwaysSucceed();
        List<String> registered = new ArrayList<>();

        dtm.client().tcc("w-10", TransOptions.defaults(), tcc -> {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<BranchResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> tcc.callBranch(1, dtm.url("/try"), "", "")));
            }
            for (Future<BranchResponse> call : calls) {
                registered.add(call.get(10, TimeUnit.SECONDS).branchId());
            }
            pool.shutdown();
        });

        assertThat(registered).hasSize(16).doesNotHaveDuplicates().allMatch(id -> id.matches("(0[1-9]|1[0-6])"));
    }

    @Test
    void aSharedOkHttpClientIsUsedWithTheBuildersTimeouts() {
        AtomicInteger intercepted = new AtomicInteger();
        OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(chain -> {
            intercepted.incrementAndGet();
            return chain.proceed(chain.request());
        }).build();
        dtm.enqueue(new MockResponse().setBody("{\"gid\":\"slow\"}").setHeadersDelay(2, TimeUnit.SECONDS));
        DtmClient client = DtmClient.builder().serverUrl(dtm.apiUrl()).httpClient(shared)
                .readTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(client::newGid).isInstanceOf(DtmException.class)
                .hasMessageContaining("timed out waiting for DTM server operation 'newGid'")
                .hasMessageContaining("raise the client's readTimeout");
        assertThat(intercepted).as("the shared client's interceptor ran").hasValue(1);
    }

    private static DtmResult outcome(Runnable call) {
        try {
            call.run();
            return DtmResult.SUCCESS;
        } catch (DtmException e) {
            return e.result();
        }
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
