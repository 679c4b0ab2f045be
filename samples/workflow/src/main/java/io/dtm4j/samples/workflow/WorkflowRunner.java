package io.dtm4j.samples.workflow;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionException;
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
 * The sample itself, once the application is up ({@code sample.run=true}): a transfer that succeeds, then the same
 * transfer with TransIn failing, each with its branch calls and its final status printed.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class WorkflowRunner implements ApplicationRunner {

    private final TransferWorkflow transfers;
    private final Accounts accounts;
    private final DtmClient dtm;
    private final Environment environment;
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param transfers the initiator
     * @param accounts the accounts
     * @param dtm the DTM client
     * @param environment for the server's URL
     */
    public WorkflowRunner(TransferWorkflow transfers, Accounts accounts, DtmClient dtm, Environment environment) {
        this.transfers = transfers;
        this.accounts = accounts;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        out.println();
        out.println("dtm4j workflow");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println("   bank:        " + transfers.baseUrl() + "/api/busi, database "
                + environment.getProperty("spring.datasource.url"));
        out.println("   balances:    " + accounts.balances());
        TransferRequest req = TransferRequest.of("alice", "bob", 30);

        out.println();
        out.println("1. A workflow moves 30 from alice to bob: TransOut, then TransIn, each a recorded call");
        run(req);

        out.println();
        out.println("2. The same workflow with TransIn failing (transInResult=FAILURE): TransOut is rolled back");
        run(req.failingTransIn());
        out.println();
    }

    private void run(TransferRequest req) {
        String gid;
        try {
            gid = transfers.transfer(null, req);
        } catch (DtmTransactionException e) {
            gid = e.gid();  // failed, or not finished yet: the final status comes next
        }
        TransStatus status = Samples.finalStatus(dtm, gid, Duration.ofSeconds(30));
        out.println("   gid " + gid + ": " + status.wireName() + ", balances " + accounts.balances());
    }
}
