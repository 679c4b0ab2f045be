package io.dtm4j.samples.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.AllQuery;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The flash sale on the real Redis: its story on embedded defaults, and the public endpoint on MariaDB and
 * PostgreSQL: concurrent buyers never oversell, a refused order gives the item back, a repeated deduction takes one
 * item, bad input answers 400.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStockTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String sku = "sku-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theStoryOnEmbeddedDefaultsSellsExactlyTheStockAndGivesTheRefusedItemBack(CapturedOutput output) {
        app = new SpringApplicationBuilder(RedisStockApplication.class).run("--sample.exit=false",
                "--sample.print-calls=false", "--spring.datasource.url=jdbc:h2:mem:stock-main;DB_CLOSE_DELAY=-1",
                "--sample.stock-prefix=test-" + UUID.randomUUID() + ":");

        assertThat(output.getOut()).containsSubsequence("1. 30 buyers at once for 10 items",
                "10 bought, 20 sold out", "stock 0, orders 10", "2. One more item", ": failed; stock 1, orders 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void concurrentBuyersNeverOversell(String database) throws Exception {
        start(database);
        app.getBean(Stock.class).put(sku, 15);

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(http.sendAsync(buyRequest("{\"sku\":\"" + sku + "\",\"buyer\":\"b" + i + "\"}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int bought = 0;
        int soldOut = 0;
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            int status = r.get().statusCode();
            assertThat(status).as(r.get().body()).isIn(200, 409);
            bought += status == 200 ? 1 : 0;
            soldOut += status == 409 ? 1 : 0;
        }

        assertThat(bought).isEqualTo(15);
        assertThat(soldOut).isEqualTo(25);
        assertThat(app.getBean(Stock.class).count(sku)).isZero();
        assertThat(app.getBean(Orders.class).count(sku)).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aRefusedOrderGivesTheItemBack(String database) throws Exception {
        start(database);
        app.getBean(Stock.class).put(sku, 1);

        HttpResponse<String> refused = buy("{\"sku\":\"" + sku + "\",\"buyer\":\"" + Orders.BLOCKED + "\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("\"status\":\"failed\"").contains("\"stock\":1");
        assertThat(app.getBean(Orders.class).count(sku)).isZero();
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("deduct action 200", "create action 409",
                "cancel compensate 200", "revert compensate 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aDeductionCalledTwiceTakesOneItem(String database) throws Exception {
        start(database);
        app.getBean(Stock.class).put(sku, 5);
        String gid = "stock-" + UUID.randomUUID();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/stock/deduct?gid="
                    + gid + "&trans_type=saga&branch_id=01&op=action")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"buyer\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        assertThat(app.getBean(Stock.class).count(sku)).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void badInputAnswers400AndSendsNothing(String database) throws Exception {
        start(database);
        app.getBean(Stock.class).put(sku, 5);
        int before = transactions();

        assertThat(rejected("{\"sku\":\"" + sku + "\"}")).contains("'sku' and 'buyer' are required");
        assertThat(rejected("{\"sku\":\"no-such-sku-" + sku + "\",\"buyer\":\"a\"}")).contains("no item 'no-such");
        assertThat(rejected("{\"sku\":")).contains("not a purchase's JSON");

        assertThat(transactions()).isEqualTo(before);
        assertThat(app.getBean(Stock.class).count(sku)).isEqualTo(5);
    }

    private void start(String database) {
        String url = database.equals("mariadb") ? TestDatabases.MARIADB_URL : TestDatabases.POSTGRES_URL;
        TestDatabases.byName(database);
        app = new SpringApplicationBuilder(RedisStockApplication.class).run("--sample.run=false",
                "--sample.exit=false", "--sample.print-calls=false", "--spring.datasource.url=" + url,
                "--dtm.server-url=" + dtmServer.server().url(),
                "--sample.stock-prefix=test-" + UUID.randomUUID() + ":");
    }

    private String base() {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private HttpRequest buyRequest(String json) {
        return HttpRequest.newBuilder(URI.create(base() + "/api/buy")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> buy(String json) throws Exception {
        return http.send(buyRequest(json), HttpResponse.BodyHandlers.ofString());
    }

    private String rejected(String json) throws Exception {
        HttpResponse<String> r = buy(json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return r.body();
    }

    private int transactions() {
        return dtmServer.server().client().all(AllQuery.builder().limit(1000).build()).transactions().size();
    }
}
