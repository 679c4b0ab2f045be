package io.dtm4j.samples.xa;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
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
 * The story ({@code sample.run=true}): an XA transfer committed on both databases, then one whose second branch
 * fails, so the first, already prepared, is rolled back.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class XaRunner implements ApplicationRunner {

    private final TransferService transfers;
    private final XaBanks banks;
    private final DtmClient dtm;
    private final Environment environment;
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param transfers the initiator
     * @param banks the databases
     * @param dtm the DTM client
     * @param environment for the URLs
     */
    public XaRunner(TransferService transfers, XaBanks banks, DtmClient dtm, Environment environment) {
        this.transfers = transfers;
        this.banks = banks;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        out.println();
        out.println("dtm4j XA over two MariaDB databases");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println("   bank 1:      " + environment.getProperty("sample.bank1-url"));
        out.println("   bank 2:      " + environment.getProperty("sample.bank2-url"));
        out.println("   balances:    " + banks.balances());
        out.println();
        out.println("1. XA: bank 1 debits alice 30 and prepares, bank 2 credits bob 30 and prepares; DTM commits both");
        run(new XaTransfer("alice", "bob", 30));
        out.println();
        out.println("2. XA of 30 to carol, who has no account at bank 2: bank 1 prepares, bank 2 fails;"
                + " DTM rolls bank 1 back");
        run(new XaTransfer("alice", "carol", 30));
        out.println();
    }

    private void run(XaTransfer t) {
        String gid;
        try {
            gid = transfers.transfer(t);
        } catch (DtmException e) {
            if (e.gid() == null) {
                out.println("   failed before DTM knew the transaction: " + e.getMessage());
                return;
            }
            gid = e.gid();
        }
        TransStatus status = Samples.finalStatus(dtm, gid, Duration.ofSeconds(30));
        out.println("   gid " + gid + ": " + status.wireName() + ", balances " + banks.balances());
    }
}
