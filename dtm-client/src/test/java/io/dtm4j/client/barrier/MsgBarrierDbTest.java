package io.dtm4j.client.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmDuplicatedException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmResult;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 2-phase message's doAndSubmit with its local work under the JDBC barrier, on the real databases, with a
 * real query-prepared handler ({@link JdbcBarrier#queryPrepared}); the DTM server side is a wire-level fake that
 * records which operations arrived.
 */
class MsgBarrierDbTest {

    private final MockWebServer http = new MockWebServer();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private BarrierFixture f;
    private volatile boolean backCheckOnPrepare;

    @BeforeEach
    void start() throws IOException {
        http.start();
    }

    @AfterEach
    void stop() throws IOException {
        http.shutdown();
    }

    private DtmClient serve(String db) throws Exception {
        f = new BarrierFixture(db);
        http.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                if (path.equals("/queryPrepared")) {
                    DtmResult r = f.barrier.queryPrepared(f.db, request.getRequestUrl().queryParameter("gid"));
                    operations.add("queryPrepared:" + r);
                    return new MockResponse().setResponseCode(r.httpStatus()).setBody("{\"dtm_result\":\"" + r + "\"}");
                }
                String operation = path.substring(path.lastIndexOf('/') + 1);
                operations.add(operation);
                if (operation.equals("prepare") && backCheckOnPrepare) {
                    // as if the server timed the message out and back-checked before the local work began
                    operations.add("early back-check:" + f.barrier.queryPrepared(f.db, f.gid));
                }
                return new MockResponse().setBody("{\"dtm_result\":\"SUCCESS\"}");
            }
        });
        return DtmClient.create(http.url("/api/dtmsvr").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void committedLocalWorkIsDelivered(String db) throws Exception {
        DtmClient dtm = serve(db);

        dtm.msg(f.gid).add("http://rm/ship", 1).doAndSubmit(http.url("/queryPrepared").toString(), f.db,
                c -> f.add(c, -5));

        assertThat(operations).containsExactly("prepare", "submit");
        assertThat(f.balance()).isEqualTo(95);
        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.SUCCESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aFailedLocalWorkRollsBackAndAborts(String db) throws Exception {
        DtmClient dtm = serve(db);

        assertThatThrownBy(() -> dtm.msg(f.gid).add("http://rm/ship", 1).doAndSubmit(
                http.url("/queryPrepared").toString(), f.db, c -> {
                    f.add(c, -5);
                    throw new DtmFailureException("out of stock");
                })).isInstanceOf(DtmFailureException.class);

        assertThat(operations).containsExactly("prepare", "abort");
        assertThat(f.balance()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres", "h2"})
    void aBackCheckThatWonTheRaceMakesTheLocalWorkStepAsideAndTheMessageAbort(String db) throws Exception {
        DtmClient dtm = serve(db);
        backCheckOnPrepare = true;

        assertThatThrownBy(() -> dtm.msg(f.gid).add("http://rm/ship", 1).doAndSubmit(
                http.url("/queryPrepared").toString(), f.db, c -> f.add(c, -5)))
                .isInstanceOf(DtmDuplicatedException.class);

        // The client reads the barrier table itself (no back-check over HTTP): the early back-check's rollback row.
        assertThat(operations).containsExactly("prepare", "early back-check:FAILURE", "abort");
        assertThat(f.barrier.queryPrepared(f.db, f.gid)).isEqualTo(DtmResult.FAILURE);
        assertThat(f.balance()).isEqualTo(100);
    }
}
