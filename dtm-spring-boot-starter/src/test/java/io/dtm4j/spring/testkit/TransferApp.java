package io.dtm4j.spring.testkit;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.Saga;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.annotation.DtmSaga;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The application under test in the dtm-test examples: a transfer saga and its guarded participants. */
@SpringBootApplication
public class TransferApp {

    static final String ACCOUNTS = "dtm_busi.testkit_account";

    /** Branch handlers: each moves money once per (gid, branch, op), whatever DTM delivers. */
    @RestController
    public static class Accounts {
        private final JdbcTemplate jdbc;
        private volatile boolean transInFails;

        public Accounts(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** Makes /transIn answer FAILURE from now on. */
        public void failTransIn(boolean fail) {
            transInFails = fail;
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
        public void transIn(@RequestBody Map<String, Integer> req) {
            if (transInFails) {
                throw new DtmFailureException("account B is closed");
            }
            add("B", req.get("amount"));
        }

        @PostMapping("/transInRevert")
        @DtmBarrier
        public void transInRevert(@RequestBody Map<String, Integer> req) {
            add("B", -req.get("amount"));
        }
    }

    /** The initiator: its steps are this application's own endpoints, whatever port it runs on. */
    @Service
    public static class Transfers {
        private final DtmSelfUrl self;

        public Transfers(DtmSelfUrl self) {
            this.self = self;
        }

        @DtmSaga
        public String transfer(Saga saga, int amount) {
            Map<String, Integer> req = Map.of("amount", amount);
            saga.add(self.of("/transOut"), self.of("/transOutRevert"), req)
                    .add(self.of("/transIn"), self.of("/transInRevert"), req);
            return saga.gid();
        }
    }
}
