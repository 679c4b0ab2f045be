package io.dtm4j.samples.tcc;

import io.dtm4j.feign.DtmTccTry;
import java.util.Map;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The banks as Feign clients. The try is marked {@code @DtmTccTry}: called inside {@code @DtmTcc}, it registers the
 * branch with DTM (confirm and cancel on the same bank) before it goes out.
 */
public final class Banks {

    private Banks() {
    }

    /** What every bank serves. */
    public interface Bank {
        /**
         * Reserves a move: the TCC try.
         *
         * @param move the move
         */
        @PostMapping("/api/tcc/TransTry")
        @DtmTccTry(confirm = "/api/tcc/TransConfirm", cancel = "/api/tcc/TransCancel")
        void transTry(@RequestBody Move move);

        /**
         * The bank's balances.
         *
         * @return account to balance and reserved amount
         */
        @GetMapping("/api/tcc/balances")
        Map<String, String> balances();
    }

    /** Bank A: this application. */
    @FeignClient(name = "bank-a", url = "${sample.bank-a-url:http://127.0.0.1:0}")
    public interface BankA extends Bank {
    }

    /** Bank B: the other service. */
    @FeignClient(name = "bank-b", url = "${sample.bank-b-url:http://127.0.0.1:0}")
    public interface BankB extends Bank {
    }
}
