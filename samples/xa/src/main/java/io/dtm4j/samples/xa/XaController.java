package io.dtm4j.samples.xa;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.samples.support.BranchCallInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The banks' XA branches: one URL per branch for all three ops (action from the initiator, with the transfer as
 * body; then commit or rollback from DTM, whose body is not needed).
 */
@RestController
public class XaController {

    private final XaBanks banks;

    /**
     * Creates the controller.
     *
     * @param banks the databases and participants
     */
    public XaController(XaBanks banks) {
        this.banks = banks;
    }

    /**
     * Bank 1: debits the sender inside the XA branch.
     *
     * @param branch the branch
     * @param t the transfer
     * @param http the request, to note the work done
     */
    @PostMapping("/api/xa/bank1/TransOut")
    public void transOut(BranchContext branch, @RequestBody(required = false) XaTransfer t, HttpServletRequest http) {
        run("bank1", branch, t == null ? null : t.from(), t == null ? 0 : -t.amount(), http);
    }

    /**
     * Bank 2: credits the receiver inside the XA branch.
     *
     * @param branch the branch
     * @param t the transfer
     * @param http the request
     */
    @PostMapping("/api/xa/bank2/TransIn")
    public void transIn(BranchContext branch, @RequestBody(required = false) XaTransfer t, HttpServletRequest http) {
        run("bank2", branch, t == null ? null : t.to(), t == null ? 0 : t.amount(), http);
    }

    private void run(String bank, BranchContext branch, String user, int amount, HttpServletRequest http) {
        banks.participant(bank).execute(branch, c -> {
            try {
                XaBanks.add(c, user, amount);
            } catch (DtmFailureException e) {
                BranchCallInterceptor.work(http, bank + ": FAILURE: " + e.getMessage() + "; XA branch rolled back");
                throw e;
            }
            BranchCallInterceptor.work(http, bank + ": " + user + (amount > 0 ? " +" : " ") + amount
                    + " in XA branch " + branch.gid() + "-" + branch.branchId() + ", prepared");
        });
        if (!branch.op().equals("action")) {
            BranchCallInterceptor.work(http, bank + ": XA " + branch.op().toUpperCase(java.util.Locale.ROOT) + " '"
                    + branch.gid() + "-" + branch.branchId() + "'");
        }
    }
}
