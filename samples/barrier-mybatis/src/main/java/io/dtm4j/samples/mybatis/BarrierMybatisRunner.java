package io.dtm4j.samples.mybatis;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionException;
import io.dtm4j.samples.support.Samples;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The story ({@code sample.run=true}): a saga over MyBatis participants, one that fails and compensates, then
 * DTM's hard cases sent by hand.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class BarrierMybatisRunner implements ApplicationRunner {

    private final TransferService transfers;
    private final AccountMapper accounts;
    private final DtmClient dtm;
    private final Environment environment;
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param transfers the initiator
     * @param accounts the mapper
     * @param dtm the DTM client
     * @param environment for the server's URL
     */
    public BarrierMybatisRunner(TransferService transfers, AccountMapper accounts, DtmClient dtm,
            Environment environment) {
        this.transfers = transfers;
        this.accounts = accounts;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        out.println();
        out.println("dtm4j barrier on MyBatis");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println("   balances:    " + accounts.balances());
        out.println();
        out.println("1. A saga moves 30 from alice to bob");
        saga(new Transfer("alice", "bob", 30));
        out.println();
        out.println("2. A saga tries to move 500 from bob to alice: TransOut fails, DTM compensates");
        saga(new Transfer("bob", "alice", 500));
        out.println();
        out.println("3. DTM's hard cases, sent by hand to the handlers");
        String gid = dtm.newGid();
        Transfer t = new Transfer("alice", "bob", 10);
        out.println("   a. TransIn delivered twice: bob gets 10 once");
        call("TransIn", gid, "02", "action", t);
        call("TransIn", gid, "02", "action", t);
        out.println("   b. TransOutRevert before TransOut (null compensation), then TransOut arriving late (hanging)");
        call("TransOutRevert", gid, "01", "compensate", t);
        call("TransOut", gid, "01", "action", t);
        out.println("   balances " + accounts.balances());
        out.println();
    }

    private void saga(Transfer t) {
        String gid;
        try {
            gid = transfers.transfer(null, t);
        } catch (DtmTransactionException e) {
            gid = e.gid();  // failed, or not finished yet: the final status comes next
        }
        out.println("   gid " + gid + ": " + Samples.finalStatus(dtm, gid, Duration.ofSeconds(30)).wireName()
                + ", balances " + accounts.balances());
    }

    private void call(String handler, String gid, String branchId, String op, Transfer t)
            throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(transfers.busiUrl() + "/" + handler + "?gid=" + gid
                + "&trans_type=saga&branch_id=" + branchId + "&op=" + op)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + t.from() + "\",\"to\":\"" + t.to()
                        + "\",\"amount\":" + t.amount() + "}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
