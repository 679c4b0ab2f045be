package io.dtm4j.samples.tcc;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.samples.support.Samples;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The story ({@code sample.run=true}, bank A only): a TCC transfer confirmed at both banks, then one whose debit
 * try fails, so the credit already reserved at bank B is cancelled.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class TccFeignRunner implements ApplicationRunner {

    private final TransferService transfers;
    private final Banks.BankA bankA;
    private final Banks.BankB bankB;
    private final DtmClient dtm;
    private final Environment environment;
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param transfers the initiator
     * @param bankA bank A's client
     * @param bankB bank B's client
     * @param dtm the DTM client
     * @param environment for the URLs
     */
    public TccFeignRunner(TransferService transfers, Banks.BankA bankA, Banks.BankB bankB, DtmClient dtm,
            Environment environment) {
        this.transfers = transfers;
        this.bankA = bankA;
        this.bankB = bankB;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        out.println();
        out.println("dtm4j TCC over Feign, two services");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println("   bank A:      " + environment.getProperty("sample.bank-a-url") + " (this application, the"
                + " initiator too)");
        out.println("   bank B:      " + environment.getProperty("sample.bank-b-url"));
        balances();
        out.println();
        out.println("1. TCC: reserve +30 for bob at bank B, reserve -30 for alice at bank A, then DTM confirms both");
        report(transfers.transfer("alice", "bob", 30));
        out.println();
        out.println("2. TCC of 500: bob's credit is reserved at bank B, alice's debit try fails at bank A;"
                + " DTM cancels");
        report(transfers.transfer("alice", "bob", 500));
        out.println();
    }

    private void report(String gid) {
        TransStatus status = Samples.finalStatus(dtm, gid, Duration.ofSeconds(30));
        out.println("   gid " + gid + ": " + status.wireName());
        balances();
    }

    private void balances() {
        out.println("   balances:    bank A " + bankA.balances() + ", bank B " + bankB.balances());
    }
}
