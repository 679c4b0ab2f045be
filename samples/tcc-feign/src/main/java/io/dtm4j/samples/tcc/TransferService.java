package io.dtm4j.samples.tcc;

import io.dtm4j.client.DtmException;
import io.dtm4j.spring.DtmContext;
import io.dtm4j.spring.annotation.DtmTcc;
import org.springframework.stereotype.Service;

/**
 * The initiator: a TCC transaction whose two tries are Feign calls, the credit at bank B first, then the debit at
 * bank A. A try that fails marks the transaction for abort: DTM cancels every try that was registered.
 */
@Service
public class TransferService {

    private final Banks.BankA bankA;
    private final Banks.BankB bankB;

    /**
     * Creates the service.
     *
     * @param bankA bank A's client
     * @param bankB bank B's client
     */
    public TransferService(Banks.BankA bankA, Banks.BankB bankB) {
        this.bankA = bankA;
        this.bankB = bankB;
    }

    /**
     * Moves money from an account at bank A to one at bank B; waits for the outcome.
     *
     * @param from the account at bank A
     * @param to the account at bank B
     * @param amount how much
     * @return the gid; the transaction succeeded, or it was aborted when a try failed
     */
    @DtmTcc(waitResult = true)
    public String transfer(String from, String to, int amount) {
        String gid = DtmContext.gid().orElseThrow();
        try {
            bankB.transTry(new Move(to, amount));
            bankA.transTry(new Move(from, -amount));
        } catch (DtmException e) {
            // A failed @DtmTccTry throws what the client's own tries throw: the branch, its status and answer.
            DtmContext.markForAbort("try " + e.branchId() + " failed with HTTP " + e.httpStatus() + ": " + e.body());
        }
        return gid;
    }
}
