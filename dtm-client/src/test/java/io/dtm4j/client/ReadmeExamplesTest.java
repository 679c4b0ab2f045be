package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.barrier.JdbcBarrier;
import io.dtm4j.client.barrier.JedisScriptExecutor;
import io.dtm4j.client.barrier.RedisBarrier;
import io.dtm4j.client.support.FakeDtmServer;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.client.xa.XaLocalTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

/**
 * Keeps the Java examples of README.md and dtm-client/README.md compiling and working: every ```java block of
 * both files must appear verbatim in this file, where it is compiled and (except the XA participant and the
 * builder) run against the fake server.
 */
class ReadmeExamplesTest {

    @RegisterExtension
    final FakeDtmServer fake = new FakeDtmServer();

    record TransferRequest(String from, String to, int amount) {
    }

    record Order(int id) {
    }

    record HttpRequestLike(Map<String, String> params, Map<String, String> headers) {
        String getParameter(String name) {
            return params.get(name);
        }

        String getHeader(String name) {
            return headers.get(name);
        }
    }

    private final List<Order> paid = new ArrayList<>();

    @Test
    void everyJavaBlockOfTheReadmesIsInThisFile() throws IOException {
        String self = normalise(Files.readString(Path.of("src/test/java/io/dtm4j/client/ReadmeExamplesTest.java")));
        List<String> blocks = new ArrayList<>();
        blocks.addAll(javaBlocks(Path.of("../README.md")));
        blocks.addAll(javaBlocks(Path.of("README.md")));

        assertThat(blocks).hasSizeGreaterThanOrEqualTo(10);
        List<String> missing = blocks.stream().filter(block -> !self.contains(normalise(block))).toList();
        assertThat(missing).as("README examples not kept in ReadmeExamplesTest (copy them here)").isEmpty();
    }

    @Test
    void rootReadmeSaga() throws Exception {
        MockWebServer server = new MockWebServer();
        server.start(36789);
        try {
            server.enqueue(new MockResponse().setBody("{\"gid\":\"readme-1\",\"dtm_result\":\"SUCCESS\"}"));
            server.enqueue(new MockResponse().setBody("{\"dtm_result\":\"SUCCESS\"}"));
            server.enqueue(new MockResponse().setBody("{\"transaction\":{\"gid\":\"readme-1\",\"status\":\"succeed\"},"
                    + "\"branches\":[]}"));
            String bank = "http://bank:8081/api";

            DtmClient dtm = DtmClient.create("http://localhost:36789/api/dtmsvr");
            TransferRequest req = new TransferRequest("alice", "bob", 30);
            String gid = dtm.saga()
                    .add(bank + "/transOut", bank + "/transOutCompensate", req)
                    .add(bank + "/transIn", bank + "/transInCompensate", req)
                    .waitResult(true)
                    .submit();
            TransStatus status = dtm.query(gid).status();

            assertThat(gid).isEqualTo("readme-1");
            assertThat(status).isEqualTo(TransStatus.SUCCEED);
            server.takeRequest();
            assertThat(server.takeRequest().getBody().readUtf8()).contains("\"wait_result\":true")
                    .contains("{\\\"from\\\":\\\"alice\\\",\\\"to\\\":\\\"bob\\\",\\\"amount\\\":30}");
        } finally {
            server.shutdown();
        }
    }

    @Test
    void guideSagaTccNestedMsgXaContextAndQueries() throws Exception {
        DtmClient dtm = fake.client();
        String bank = fake.url("/bank");
        String bank1 = fake.url("/bank1");
        String bank2 = fake.url("/bank2");
        String shipping = fake.url("/shipping");
        String orders = fake.url("/orders");
        TransferRequest req = new TransferRequest("a", "b", 5);
        Order order = new Order(7);
        Map<String, String> params = Map.of("gid", "g-nested", "trans_type", "tcc", "branch_id", "02", "op", "try",
                "dtm", fake.apiUrl());
        HttpRequestLike request = new HttpRequestLike(Map.of("gid", "g-ctx", "op", "action"),
                Map.of("Dtm-Trans-Type", "saga", "Dtm-Branch-Id", "01"));
        for (int i = 0; i < 20; i++) {
            fake.answer(200, "{\"gid\":\"g-" + i + "\",\"dtm_result\":\"SUCCESS\",\"transactions\":[],"
                    + "\"transaction\":null,\"branches\":[]}");
        }

        {
            String gid = dtm.saga("order-42")
                    .add(bank + "/transOut", bank + "/transOutCompensate", req)
                    .add(bank + "/transIn", bank + "/transInCompensate", req)
                    .add(bank + "/notify", "", req)
                    .concurrent()
                    .addBranchOrder(2, 0, 1)
                    .retryLimit(3)
                    .timeoutToFail(Duration.ofMinutes(1))
                    .branchHeader("x-tenant", "acme")
                    .submit();
            assertThat(gid).isEqualTo("order-42");
        }
        {
            String gid = dtm.tcc(tcc -> {
                tcc.callBranch(req, bank + "/transOutTry", bank + "/transOutConfirm", bank + "/transOutCancel");
                tcc.callBranch(req, bank + "/transInTry", bank + "/transInConfirm", bank + "/transInCancel");
            });
            assertThat(gid).isEqualTo("g-1");
        }
        Tcc nested = Tcc.fromBranch(dtm, BranchContext.fromQuery(params));
        nested.callBranch(req, bank + "/freezeTry", bank + "/freezeConfirm", bank + "/freezeCancel");

        dtm.msg()
                .add(shipping + "/ship", order)
                .addTopic("order-paid", order)
                .doAndSubmit(orders + "/queryPrepared", barrier -> markPaid(order));
        assertThat(paid).containsExactly(order);

        {
            String gid = dtm.xa(xa -> {
                xa.callBranch(req, bank1 + "/xa/transOut");
                xa.callBranch(req, bank2 + "/xa/transIn");
            });
            assertThat(gid).startsWith("g-");
        }

        BranchContext ctx = BranchContext.from(request::getParameter, request::getHeader);
        assertThat(ctx).isEqualTo(BranchContext.of("saga", "g-ctx", "01", "action"));

        String gid = "order-42";
        TransQueryResult result = dtm.query(gid);
        TransPage page = dtm.all(AllQuery.builder().status(TransStatus.SUBMITTED).limit(50).build());
        assertThat(result.transaction()).isEmpty();
        assertThat(page.hasMore()).isFalse();
        assertThat(fake.requestCount()).isEqualTo(20);
    }

    @Test
    void guideBuilder() {
        DtmClient dtm = DtmClient.builder()
                .serverUrl("http://localhost:36789/api/dtmsvr")
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(15))
                .build();
        assertThat(dtm.serverUrl()).isEqualTo("http://localhost:36789/api/dtmsvr");
    }

    @Test
    void guideBarrierSectionOnH2AndRedis() throws Exception {
        DataSource dataSource = TestDatabases.h2();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("create schema if not exists dtm_busi");
            st.execute("create table if not exists dtm_busi.readme_account"
                    + " (name varchar(20) primary key, balance int)");
            st.execute("merge into dtm_busi.readme_account key(name) values ('a', 100)");
        }
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> params = Map.of("gid", "readme-" + unique, "trans_type", "saga", "branch_id", "01",
                "op", "action");
        BranchContext ctx = BranchContext.of("tcc", "readme-r-" + unique, "01", "try");
        TransferRequest req = new TransferRequest("a", "b", 5);

        BarrierSchema.create(dataSource, "dtm_barrier.barrier");
        JdbcBarrier barrier = JdbcBarrier.builder().table("dtm_barrier.barrier").build();
        BarrierOutcome outcome = barrier.forBranch(BranchContext.fromQuery(params))
                .call(dataSource, conn -> debit(conn, req));
        assertThat(outcome).isEqualTo(BarrierOutcome.EXECUTED);

        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            barrier.forBranch(ctx).call(connection, conn -> debit(conn, req));
            connection.commit();
        }
        assertThat(balanceOfA(dataSource)).isEqualTo(90);

        fake.answer(200, "{\"gid\":\"readme-msg-" + unique + "\"}").success().success();
        DtmClient dtm = fake.client();
        String shipping = fake.url("/shipping");
        String orders = fake.url("/orders");
        Order order = new Order(1);
        dtm.msg()
                .add(shipping + "/ship", order)
                .doAndSubmit(orders + "/queryPrepared", dataSource, conn -> markPaid(conn, order));
        String gid = "readme-msg-" + unique;
        DtmResult committed = barrier.queryPrepared(dataSource, gid);
        assertThat(committed).isEqualTo(DtmResult.SUCCESS);
        assertThat(paid).containsExactly(order);

        long deleted = barrier.deleteOlderThan(dataSource, Duration.ofDays(7), 1000);
        assertThat(deleted).isZero();

        try (JedisPooled jedis = TestDatabases.redis()) {
            jedis.set("stock:42", "3");
            RedisBarrier redisBarrier = new RedisBarrier(new JedisScriptExecutor(jedis));
            redisBarrier.forBranch(ctx).adjustAmount("stock:42", -1, Duration.ofDays(1));
            DtmResult stepped = redisBarrier.queryPrepared(gid, Duration.ofDays(1));
            assertThat(jedis.get("stock:42")).isEqualTo("2");
            assertThat(stepped).isEqualTo(DtmResult.FAILURE);
            jedis.del("stock:42");
        }
    }

    private static int balanceOfA(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select balance from dtm_busi.readme_account where name = 'a'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void markPaid(Connection conn, Order order) {
        paid.add(order);
    }

    @SuppressWarnings("unused")
    private void compiledOnly(DataSource dataSource, DtmClient dtm, Map<String, String> params, TransferRequest req) {
        XaLocalTransaction xaBranch = XaLocalTransaction.builder(dataSource, dtm).build();
        xaBranch.execute(BranchContext.fromQuery(params), connection -> debit(connection, req));
    }

    private void markPaid(Order order) {
        paid.add(order);
    }

    private static void debit(Connection connection, TransferRequest req) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "update dtm_busi.readme_account set balance = balance - ? where name = ?")) {
            ps.setInt(1, req.amount());
            ps.setString(2, req.from());
            ps.executeUpdate();
        }
    }

    private static okhttp3.Request post(String url, byte[] body) {
        return new okhttp3.Request.Builder().url(url).post(okhttp3.RequestBody.create(body,
                okhttp3.MediaType.get("application/json"))).build();
    }

    @Test
    void workflowExamples() throws Exception {
        DtmClient dtm = fake.client();
        String bank = fake.url("/bank");
        byte[] input = "{\"amount\":30}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.charset.Charset UTF_8 = java.nio.charset.StandardCharsets.UTF_8;
        String prepared = "{\"transaction\":{\"status\":\"prepared\"},\"progresses\":[]}";
        fake.answer(200, "{\"gid\":\"wf-readme\",\"dtm_result\":\"SUCCESS\"}").answer(200, prepared);
        for (int i = 0; i < 5; i++) {
            fake.success();
        }
        {
            Workflows workflows = Workflows.builder(dtm).callbackUrl("http://orders:8080/dtm/workflow/resume").build();
            workflows.register("transfer", (wf, data) -> {
                wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/transOutRevert", data)));
                wf.call(post(bank + "/transOut", data));
                wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/transInRevert", data)));
                wf.call(post(bank + "/transIn", data));
                return null;
            });
            byte[] result = workflows.execute("transfer", dtm.newGid(), input);
            assertThat(result).isEmpty();
        }
        fake.answer(200, "{\"gid\":\"wf-guide\",\"dtm_result\":\"SUCCESS\"}").answer(200, prepared);
        for (int i = 0; i < 5; i++) {
            fake.success();
        }
        {
            Workflows workflows = Workflows.builder(dtm)
                    .callbackUrl("http://orders:8080/dtm/workflow/resume")   // where the server resumes workflows
                    .build();

            workflows.register("transfer", (wf, data) -> {
                wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransOutRevert", data)));
                wf.call(post(bank + "/TransOut", data));
                wf.newBranch().onRollback(barrier -> wf.call(post(bank + "/TransInRevert", data)));
                wf.call(post(bank + "/TransIn", data));
                return "done".getBytes(UTF_8);
            });

            byte[] result = workflows.execute("transfer", dtm.newGid(), input);
            assertThat(new String(result, UTF_8)).isEqualTo("done");
        }
    }

    private static List<String> javaBlocks(Path markdown) throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(markdown));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String normalise(String code) {
        return code.replaceAll("\\s+", " ");
    }
}
