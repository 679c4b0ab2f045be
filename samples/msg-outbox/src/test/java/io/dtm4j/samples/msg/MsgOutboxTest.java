package io.dtm4j.samples.msg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.AllQuery;
import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.samples.support.ManualClock;
import io.dtm4j.test.DtmTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The 2-phase message sample: its story on embedded defaults, and the public endpoint on real MariaDB and
 * PostgreSQL against a server whose clock and cron the test drives (so the back-check runs at once).
 */
@ExtendWith(OutputCaptureExtension.class)
class MsgOutboxTest {

    private final ManualClock clock = new ManualClock();
    private DtmTestServer server;
    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStoryOnEmbeddedDefaultsDeliversOnceRefusesTheRepeatAndRecoversTheLostSubmit(CapturedOutput output) {
        app = new SpringApplicationBuilder(MsgOutboxApplication.class).run("--sample.exit=false",
                "--spring.datasource.url=jdbc:h2:mem:msg-main;DB_CLOSE_DELAY=-1");

        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("ship action 200",
                "queryPrepared msg 200", "ship action 200");
        assertThat(output.getOut()).containsSubsequence("1. Pay order-1", "shipped order order-1",
                ": succeed; order-1 is paid and shipped", "2. Pay order-1 again", "refused: order 'order-1' is paid",
                "3. Pay order-2", ": prepared (DTM never got the submit)", "queryPrepared", "the local transaction"
                + " committed", "shipped order order-2", ": succeed; order-2 is paid and shipped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aPaymentShipsOnceAndARepeatIsRefusedWithNothingSent(String database) throws Exception {
        start(database);

        HttpResponse<String> paid = pay("order-a");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(paid.body()).contains("\"status\":\"succeed\"").contains("\"shipped\":true");
        int before = transactions();

        HttpResponse<String> again = pay("order-a");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("order 'order-a' is paid, not new");
        assertThat(transactions()).as("nothing prepared").isEqualTo(before);
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("ship action 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSubmitLostAfterTheCommitIsDeliveredThroughTheBackCheck(String database) throws Exception {
        start(database);
        app.getBean(CrashBeforeSubmit.class).arm();

        String gid = app.getBean(PaymentService.class).pay(null, "order-a");

        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.PREPARED);
        assertThat(app.getBean(Orders.class).shipped("order-a")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        server.server().runCronOnce();
        assertThat(dtm().query(gid).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(app.getBean(Orders.class).shipped("order-a")).isTrue();
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("queryPrepared msg 200",
                "ship action 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void badInputAnswers4xxWithTheReason(String database) throws Exception {
        start(database);
        int before = transactions();

        HttpResponse<String> unknown = pay("order-zzz");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no order 'order-zzz'");
        HttpResponse<String> malformed = pay("bad%20id");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("'bad id' is not 1 to 64 letters");

        assertThat(transactions()).isEqualTo(before);
        assertThat(app.getBean(Orders.class).status("order-a")).isEqualTo("new");
    }

    private void start(String database) {
        server = DtmTestServer.builder().configure(c -> c.cronEnabled(false).clock(clock)).start();
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        TestDatabases.byName(database);
        app = new SpringApplicationBuilder(MsgOutboxApplication.class).run("--sample.run=false",
                "--sample.exit=false", "--sample.print-calls=false", "--spring.datasource.url=" + url,
                "--dtm.server-url=" + server.url());
        app.getBean(Orders.class).open("order-a", 30);
    }

    private DtmClient dtm() {
        return server.client();
    }

    private int transactions() {
        return dtm().all(AllQuery.builder().limit(1000).build()).transactions().size();
    }

    private HttpResponse<String> pay(String order) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders/" + order
                + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
