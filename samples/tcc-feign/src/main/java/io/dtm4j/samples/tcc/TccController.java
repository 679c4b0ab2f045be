package io.dtm4j.samples.tcc;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.samples.support.BranchCallInterceptor;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bank's TCC handlers, each guarded by the barrier: a cancel whose try never ran does nothing, and a try that
 * arrives after its cancel is skipped.
 */
@RestController
@RequestMapping("/api/tcc")
public class TccController {

    private final TccAccounts accounts;
    private final String bank;

    /**
     * Creates the controller.
     *
     * @param accounts the accounts
     * @param environment for the bank's name
     */
    public TccController(TccAccounts accounts, Environment environment) {
        this.accounts = accounts;
        this.bank = environment.getProperty("spring.application.name", "bank");
    }

    /**
     * The try: reserves the move.
     *
     * @param move the move
     * @param http the request, to note the work done
     */
    @PostMapping("/TransTry")
    @DtmBarrier
    public void transTry(@RequestBody Move move, HttpServletRequest http) {
        run(http, "reserve", move, () -> accounts.reserve(move));
    }

    /**
     * The confirm: books the reserved move.
     *
     * @param move the move
     * @param http the request
     */
    @PostMapping("/TransConfirm")
    @DtmBarrier
    public void transConfirm(@RequestBody Move move, HttpServletRequest http) {
        run(http, "book", move, () -> accounts.book(move));
    }

    /**
     * The cancel: releases the reserved move.
     *
     * @param move the move
     * @param http the request
     */
    @PostMapping("/TransCancel")
    @DtmBarrier
    public void transCancel(@RequestBody Move move, HttpServletRequest http) {
        run(http, "release", move, () -> accounts.release(move));
    }

    /**
     * The bank's balances.
     *
     * @return account to its state
     */
    @GetMapping("/balances")
    public Map<String, String> balances() {
        return accounts.balances();
    }

    private void run(HttpServletRequest http, String what, Move move, Runnable work) {
        try {
            work.run();
        } catch (DtmFailureException e) {
            BranchCallInterceptor.work(http, bank + ": FAILURE: " + e.getMessage());
            throw e;
        }
        BranchCallInterceptor.work(http, bank + ": " + what + " " + move.user() + " " + (move.amount() > 0 ? "+" : "")
                + move.amount());
    }
}
