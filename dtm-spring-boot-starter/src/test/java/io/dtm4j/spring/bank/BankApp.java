package io.dtm4j.spring.bank;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.Saga;
import io.dtm4j.client.Msg;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.annotation.DtmMsg;
import io.dtm4j.spring.autoconfigure.DtmClientCustomizer;
import java.io.IOException;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import io.dtm4j.spring.annotation.DtmSaga;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A bank with two accounts whose branch handlers are guarded by {@code @DtmBarrier}, and a saga initiator. */
@SpringBootApplication
public class BankApp {

    static final String ACCOUNTS = "dtm_busi.starter_account";

    /** A guarded service that a guarded handler calls: one barrier, one transaction. */
    @Service
    public static class LedgerService {
        private final JdbcTemplate jdbc;

        public LedgerService(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @DtmBarrier
        public void credit(String user, int amount) {
            jdbc.update("update " + ACCOUNTS + " set balance = balance + ? where user_id = ?", amount, user);
        }

        @DtmBarrier
        public void debit(String user, int amount) {
            jdbc.update("update " + ACCOUNTS + " set balance = balance - ? where user_id = ?", amount, user);
        }
    }

    /** The branch handlers: money moves between accounts A and B. */
    @RestController
    public static class BankController {
        private final JdbcTemplate jdbc;
        @org.springframework.beans.factory.annotation.Autowired
        private LedgerService ledger;
        private final AtomicInteger flakyCalls = new AtomicInteger();
        private volatile boolean transInFails;

        public BankController(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** Makes /transIn answer FAILURE (a method: the controller is proxied, its fields are the target's). */
        public void failTransIn() {
            transInFails = true;
        }

        public int flakyCalls() {
            return flakyCalls.get();
        }

        private void add(String user, int amount) {
            jdbc.update("update " + ACCOUNTS + " set balance = balance + ? where user_id = ?", amount, user);
        }

        @PostMapping("/transOut")
        @DtmBarrier
        public void transOut(@RequestBody Map<String, Integer> req) {
            add("A", -req.get("amount"));
        }

        @PostMapping("/transOutRevert")
        @DtmBarrier
        public void transOutRevert(@RequestBody Map<String, Integer> req) {
            add("A", req.get("amount"));
        }

        @PostMapping("/transIn")
        @DtmBarrier
        public void transIn(BranchContext branch, @RequestBody Map<String, Integer> req) {
            if (transInFails) {
                throw new DtmFailureException("account B is closed (gid " + branch.gid() + ")");
            }
            add("B", req.get("amount"));
        }

        @PostMapping("/transInRevert")
        @DtmBarrier
        public void transInRevert(@RequestBody Map<String, Integer> req) {
            add("B", -req.get("amount"));
        }

        /** Credits B through the guarded ledger service: the nested guarded call runs inside this barrier. */
        @PostMapping("/transInNested")
        @DtmBarrier
        public void transInNested(@RequestBody Map<String, Integer> req) {
            ledger.credit("B", req.get("amount"));
        }

        /** Two guarded calls one after the other, from a handler that is not guarded itself. */
        @PostMapping("/moveInTwoCalls")
        public void moveInTwoCalls(@RequestBody Map<String, Integer> req) {
            ledger.debit("A", req.get("amount"));
            ledger.credit("B", req.get("amount"));
        }

        /** Credits B, then fails the first time after the update: the update and the barrier row roll back. */
        @PostMapping("/transInFlaky")
        @DtmBarrier
        public void transInFlaky(@RequestBody Map<String, Integer> req) {
            add("B", req.get("amount"));
            if (flakyCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("connection to the ledger lost");
            }
        }
    }

    /** Fails the client's submits while set: the crash between a message's commit and its submit. */
    public static class SubmitSwitch {
        volatile boolean failSubmits;

        public void failSubmits(boolean fail) {
            failSubmits = fail;
        }
    }

    @Bean
    SubmitSwitch submitSwitch() {
        return new SubmitSwitch();
    }

    @Bean
    DtmClientCustomizer failingSubmits(SubmitSwitch submitSwitch) {
        return builder -> builder.httpClient(new OkHttpClient.Builder().addInterceptor(chain -> {
            if (submitSwitch.failSubmits && chain.request().url().encodedPath().endsWith("/submit")) {
                throw new IOException("simulated crash before the submit");
            }
            return chain.proceed(chain.request());
        }).build());
    }

    /** The local half of a 2-phase message: debit A here, credit B through the message. */
    @Service
    public static class PaymentService {
        private final Environment environment;
        private final JdbcTemplate jdbc;
        private volatile String lastGid;

        public PaymentService(Environment environment, JdbcTemplate jdbc) {
            this.environment = environment;
            this.jdbc = jdbc;
        }

        public String lastGid() {
            return lastGid;
        }

        @DtmMsg(waitResult = true)
        public String pay(Msg msg, int amount) {
            return payAndMaybeFail(msg, amount, false);
        }

        @DtmMsg
        public String payThenFail(Msg msg, int amount) {
            return payAndMaybeFail(msg, amount, true);
        }

        private String payAndMaybeFail(Msg msg, int amount, boolean fail) {
            lastGid = msg.gid();
            String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
            msg.add(base + "/transIn", Map.of("amount", amount));
            jdbc.update("update " + ACCOUNTS + " set balance = balance - ? where user_id = 'A'", amount);
            if (fail) {
                throw new IllegalStateException("payment declined");
            }
            return msg.gid();
        }
    }

    /** The initiator: a saga over this app's own branch handlers. */
    @Service
    public static class TransferService {
        private final Environment environment;

        public TransferService(Environment environment) {
            this.environment = environment;
        }

        @DtmSaga(waitResult = true)
        public String transfer(Saga saga, int amount) {
            String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
            Map<String, Integer> req = Map.of("amount", amount);
            saga.add(base + "/transOut", base + "/transOutRevert", req)
                    .add(base + "/transIn", base + "/transInRevert", req);
            return saga.gid();
        }
    }
}
