package io.dtm4j.samples.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * XA over two real MariaDB databases: the story with the in-process server, then against a server given by
 * {@code dtm.server-url}: commit on both, rollback of the prepared branch when the other fails, no XA branch left
 * prepared, a repeated phase 2 harmless.
 */
@ExtendWith(OutputCaptureExtension.class)
class XaSampleTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private ConfigurableApplicationContext app;

    @BeforeAll
    static void startServer() {
        TestDatabases.mariadb();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theStoryCommitsThenRollsBack(CapturedOutput output) {
        app = new SpringApplicationBuilder(XaApplication.class).run(with("--sample.exit=false"));

        assertThat(output.getOut()).containsSubsequence("1. XA", "bank1: alice -30", "prepared", "bank2: bob +30",
                "XA COMMIT", "XA COMMIT", ": succeed, balances {bank1/alice=70, bank2/bob=130}", "2. XA of 30 to carol",
                "bank1: alice -30", "409", "bank2: FAILURE: account 'carol' does not exist", "XA ROLLBACK",
                ": failed, balances {bank1/alice=70, bank2/bob=130}");
    }

    @Test
    void commitsBothOrRollsBackThePreparedOneAndLeavesNothingPrepared() throws Exception {
        app = new SpringApplicationBuilder(XaApplication.class).run(with("--sample.run=false", "--sample.exit=false",
                "--sample.print-calls=false", "--dtm.server-url=" + dtmServer.server().url()));
        TransferService transfers = app.getBean(TransferService.class);
        DtmClient dtm = dtmServer.server().client();

        String ok = transfers.transfer(new XaTransfer("alice", "bob", 30));
        // Phase 2 (the commits) runs on the server after the submit was answered: let it finish before the next
        // transfer, so that the calls below come in one order.
        for (int i = 0; i < 100 && dtm.query(ok).status() != TransStatus.SUCCEED; i++) {
            Thread.sleep(50);
        }
        DtmTransactionFailedException failed = catchThrowableOfType(DtmTransactionFailedException.class,
                () -> transfers.transfer(new XaTransfer("alice", "carol", 30)));

        assertThat(dtm.query(ok).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(failed).isNotNull();
        assertThat(dtm.query(failed.gid()).status()).isEqualTo(TransStatus.FAILED);
        assertThat(app.getBean(XaBanks.class).balances()).isEqualTo(Map.of("bank1/alice", 70, "bank2/bob", 130));
        assertThat(app.getBean(BranchCalls.class).calls()).containsExactly("TransOut action 200",
                "TransIn action 200", "TransOut commit 200", "TransIn commit 200", "TransOut action 200",
                "TransIn action 409", "TransOut rollback 200");
        assertThat(prepared(ok) + prepared(failed.gid())).as("XA branches left prepared").isZero();
        String probe = "'probe-" + ok + "'";
        try (Connection c = TestDatabases.mariadb().getConnection(); Statement s = c.createStatement()) {
            s.execute("xa start " + probe);
            s.execute("xa end " + probe);
            s.execute("xa prepare " + probe);
            assertThat(prepared("probe-" + ok)).as("the check does see a prepared branch").isEqualTo(1);
            s.execute("xa rollback " + probe);
        }

        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/api/xa/bank1/TransOut"
                + "?gid=" + ok + "&trans_type=xa&branch_id=01&op=commit")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("a repeated phase 2: " + again.body()).isEqualTo(200);
        assertThat(app.getBean(XaBanks.class).balances()).isEqualTo(Map.of("bank1/alice", 70, "bank2/bob", 130));
    }

    /** The arguments, with both banks on the test MariaDB (DTM4J_MARIADB_URL), where XA RECOVER looks. */
    private static String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        for (String bank : new String[] {"bank1", "bank2"}) {
            all.add("--sample." + bank + "-url=" + TestDatabases.MARIADB_URL.replaceFirst("/[^/?]*(\\?|$)",
                    "/dtm_xa_" + bank + "$1"));
        }
        return all.toArray(String[]::new);
    }

    private int prepared(String gid) {
        return (int) new JdbcTemplate(TestDatabases.mariadb()).queryForList("xa recover").stream()
                .map(row -> row.get("data") instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                        : String.valueOf(row.get("data"))).filter(data -> data.startsWith(gid)).count();
    }
}
