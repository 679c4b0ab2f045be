package io.dtm4j.samples.workflow;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.samples.support.BranchCallInterceptor;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bank's branch handlers, called by DTM. Each is guarded by the barrier: a repeated call, a compensation whose
 * action never ran, or an action arriving after its compensation does nothing and answers success.
 */
@RestController
@RequestMapping("/api/busi")
public class BankController {

    private final Accounts accounts;

    /**
     * Creates the controller.
     *
     * @param accounts the accounts
     */
    public BankController(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Debits the sender.
     *
     * @param req the transfer
     * @param http the request, to note the work done
     */
    @PostMapping("/TransOut")
    @DtmBarrier
    public void transOut(@RequestBody TransferRequest req, HttpServletRequest http) {
        move(http, req.from(), -req.amount());
    }

    /**
     * Gives the sender's money back: TransOut's compensation.
     *
     * @param req the transfer
     * @param http the request
     */
    @PostMapping("/TransOutRevert")
    @DtmBarrier
    public void transOutRevert(@RequestBody TransferRequest req, HttpServletRequest http) {
        move(http, req.from(), req.amount());
    }

    /**
     * Credits the receiver, or fails when the request asks for it.
     *
     * @param branch the branch DTM calls
     * @param req the transfer
     * @param http the request
     */
    @PostMapping("/TransIn")
    @DtmBarrier
    public void transIn(BranchContext branch, @RequestBody TransferRequest req, HttpServletRequest http) {
        if ("FAILURE".equals(req.transInResult())) {
            BranchCallInterceptor.work(http, "FAILURE: account '" + req.to() + "' refuses the money");
            throw new DtmFailureException("TransIn of gid " + branch.gid() + " failed as asked (transInResult)");
        }
        move(http, req.to(), req.amount());
    }

    /**
     * Takes the receiver's money back: TransIn's compensation.
     *
     * @param req the transfer
     * @param http the request
     */
    @PostMapping("/TransInRevert")
    @DtmBarrier
    public void transInRevert(@RequestBody TransferRequest req, HttpServletRequest http) {
        move(http, req.to(), -req.amount());
    }

    private void move(HttpServletRequest http, String user, int amount) {
        accounts.add(user, amount);
        BranchCallInterceptor.work(http, user + (amount >= 0 ? " +" : " ") + amount);
    }
}
