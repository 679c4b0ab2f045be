package io.dtm4j.samples.xa;

import io.dtm4j.spring.DtmTemplate;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: one XA transaction per transfer, calling bank 1's then bank 2's branch.
 */
@Service
public class TransferService {

    private final DtmTemplate dtm;
    private final Environment environment;

    /**
     * Creates the service.
     *
     * @param dtm the template
     * @param environment to find this application's URL
     */
    public TransferService(DtmTemplate dtm, Environment environment) {
        this.dtm = dtm;
        this.environment = environment;
    }

    /**
     * Moves money between the banks in one XA transaction.
     *
     * @param t the transfer
     * @return the gid
     * @throws io.dtm4j.client.DtmTransactionFailedException when a branch failed: the transaction is rolled back
     */
    public String transfer(XaTransfer t) {
        String base = environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port")) + "/api/xa";
        return dtm.xa(xa -> {
            xa.callBranch(t, base + "/bank1/TransOut");
            xa.callBranch(t, base + "/bank2/TransIn");
        });
    }
}
