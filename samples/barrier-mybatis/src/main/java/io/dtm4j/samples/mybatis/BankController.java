package io.dtm4j.samples.mybatis;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.samples.support.BranchCallInterceptor;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The branch handlers: each a {@code @DtmBarrier} method whose work is one mapper call. The barrier rows go through
 * dtm-barrier-mybatis' mapper in the same {@code SqlSession}.
 */
@RestController
@RequestMapping("/api/busi")
public class BankController {

    private final AccountMapper accounts;

    /**
     * Creates the controller.
     *
     * @param accounts the mapper
     */
    public BankController(AccountMapper accounts) {
        this.accounts = accounts;
    }

    /**
     * Debits the sender; a sender without the money is a definite failure.
     *
     * @param t the transfer
     * @param http the request, to note the work done
     */
    @PostMapping("/TransOut")
    @DtmBarrier
    public void transOut(@RequestBody Transfer t, HttpServletRequest http) {
        move(http, t.from(), -t.amount());
    }

    /**
     * Gives the sender's money back.
     *
     * @param t the transfer
     * @param http the request
     */
    @PostMapping("/TransOutRevert")
    @DtmBarrier
    public void transOutRevert(@RequestBody Transfer t, HttpServletRequest http) {
        move(http, t.from(), t.amount());
    }

    /**
     * Credits the receiver.
     *
     * @param t the transfer
     * @param http the request
     */
    @PostMapping("/TransIn")
    @DtmBarrier
    public void transIn(@RequestBody Transfer t, HttpServletRequest http) {
        move(http, t.to(), t.amount());
    }

    /**
     * Takes the receiver's money back.
     *
     * @param t the transfer
     * @param http the request
     */
    @PostMapping("/TransInRevert")
    @DtmBarrier
    public void transInRevert(@RequestBody Transfer t, HttpServletRequest http) {
        move(http, t.to(), -t.amount());
    }

    private void move(HttpServletRequest http, String user, int amount) {
        if (accounts.add(user, amount) != 1) {
            BranchCallInterceptor.work(http, "FAILURE: '" + user + "' is missing or has less than " + -amount);
            throw new DtmFailureException("account '" + user + "' does not exist or has less than " + -amount);
        }
        BranchCallInterceptor.work(http, user + (amount >= 0 ? " +" : " ") + amount + "   [through MyBatis: "
                + String.join(", ", StatementTrail.current()) + "]");
    }
}
