package io.dtm4j.samples.tcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.support.BranchCalls;
import io.dtm4j.test.DtmServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * TCC over Feign between two real services: the story on embedded defaults (both banks on H2); then bank A on
 * MariaDB and bank B on PostgreSQL against a DTM server given by {@code dtm.server-url}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TccFeignTest {

    @RegisterExtension
    static DtmServerExtension dtmServer = new DtmServerExtension();
    private TccFeignApplication.Running banks;

    @AfterEach
    void stop() {
        if (banks != null) {
            banks.close();
        }
    }

    @Test
    void theStoryOnEmbeddedDefaultsConfirmsThenCancels(CapturedOutput output) {
        banks = TccFeignApplication.start("--sample.exit=false");

        assertThat(output.getOut()).containsSubsequence("(embedded, in-process)", "1. TCC", "bank-b: reserve bob +30",
                "bank-a: reserve alice -30", "bank-a: book alice -30", "bank-b: book bob +30", ": succeed",
                "bank A {alice=70, bob=100}, bank B {alice=100, bob=130}", "2. TCC of 500",
                "bank-b: reserve bob +500", "409", "bank-a: FAILURE", "its action never ran",
                "bank-b: release bob +500", ": failed", "bank A {alice=70, bob=100}, bank B {alice=100, bob=130}");
    }

    @Test
    void betweenMariadbAndPostgresATransferIsConfirmedAndAFailedTryCancelsTheOther() {
        TestDatabases.mariadb();
        TestDatabases.postgres();
        banks = TccFeignApplication.start("--sample.run=false", "--sample.exit=false", "--sample.print-calls=false",
                "--dtm.server-url=" + dtmServer.server().url(), "--spring.datasource.url=" + TestDatabases.MARIADB_URL,
                TccFeignApplication.BANK_B_DATABASE + TestDatabases.POSTGRES_URL);
        TransferService transfers = banks.bankA().getBean(TransferService.class);
        DtmClient dtm = dtmServer.server().client();

        String ok = transfers.transfer("alice", "bob", 30);
        String failed = transfers.transfer("alice", "bob", 500);

        assertThat(dtm.query(ok).status()).isEqualTo(TransStatus.SUCCEED);
        assertThat(dtm.query(failed).status()).isEqualTo(TransStatus.FAILED);
        assertThat(banks.bankA().getBean(TccAccounts.class).balances()).isEqualTo(Map.of("alice", "70", "bob", "100"));
        assertThat(banks.bankB().getBean(TccAccounts.class).balances()).isEqualTo(Map.of("alice", "100", "bob", "130"));
        assertThat(calls()).containsExactly("A TransTry try 200", "A TransConfirm confirm 200",
                "A TransTry try 409", "A TransCancel cancel 200", "B TransTry try 200", "B TransConfirm confirm 200",
                "B TransTry try 200", "B TransCancel cancel 200");
    }

    @Test
    void aTryWhoseBodyDoesNotFitAnswers400AndReservesNothing() throws Exception {
        banks = TccFeignApplication.start("--sample.run=false", "--sample.exit=false", "--sample.print-calls=false",
                "--dtm.server-url=" + dtmServer.server().url());
        String port = banks.bankB().getEnvironment().getProperty("local.server.port");

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/tcc/TransTry?gid=g1&trans_type=tcc&branch_id=01&op=try"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"user\":"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(banks.bankB().getBean(TccAccounts.class).balances()).isEqualTo(Map.of("alice", "100", "bob",
                "100"));
    }

    /** Each bank's calls, prefixed with the bank (their order across banks depends on timing). */
    private List<String> calls() {
        return Stream.concat(banks.bankA().getBean(BranchCalls.class).calls().stream().map(c -> "A " + c),
                banks.bankB().getBean(BranchCalls.class).calls().stream().map(c -> "B " + c)).toList();
    }
}
