package io.dtm4j.mybatis.bank;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.Msg;
import io.dtm4j.client.Saga;
import io.dtm4j.mybatis.StatementLog;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.annotation.DtmMsg;
import io.dtm4j.spring.annotation.DtmSaga;
import java.util.Map;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A bank on MyBatis: branch handlers guarded by {@code @DtmBarrier} whose work is a mapper call. */
@SpringBootApplication
public class MybatisBankApp {

    static final String ACCOUNTS = "dtm_busi.mybatis_bank";

    /** The business mapper, found by MyBatis' auto-configuration. */
    @Mapper
    public interface BankMapper {
        @Update("update " + ACCOUNTS + " set balance = balance + #{amount} where user_id = #{user}")
        int add(@Param("user") String user, @Param("amount") int amount);

        @Select("select balance from " + ACCOUNTS + " where user_id = #{user}")
        int balance(@Param("user") String user);
    }

    /** Records every update statement with its executor (picked up by MyBatis' auto-configuration). */
    @Bean
    StatementLog statementLog() {
        return new StatementLog();
    }

    /** The branch handlers: money moves between accounts A and B. */
    @RestController
    public static class BankController {
        private final BankMapper accounts;
        private volatile boolean transInFails;

        public BankController(BankMapper accounts) {
            this.accounts = accounts;
        }

        /** Makes /transIn fail after its update (a method: the controller is proxied). */
        public void failTransIn() {
            transInFails = true;
        }

        @PostMapping("/transOut")
        @DtmBarrier
        public void transOut(@RequestBody Map<String, Integer> req) {
            accounts.add("A", -req.get("amount"));
        }

        @PostMapping("/transOutRevert")
        @DtmBarrier
        public void transOutRevert(@RequestBody Map<String, Integer> req) {
            accounts.add("A", req.get("amount"));
        }

        @PostMapping("/transIn")
        @DtmBarrier
        public void transIn(BranchContext branch, @RequestBody Map<String, Integer> req) {
            accounts.add("B", req.get("amount"));
            if (transInFails) {
                throw new DtmFailureException("account B is closed (gid " + branch.gid() + ")");
            }
        }

        @PostMapping("/transInRevert")
        @DtmBarrier
        public void transInRevert(@RequestBody Map<String, Integer> req) {
            accounts.add("B", -req.get("amount"));
        }
    }

    /** The local half of a 2-phase message: debit A through the mapper here, credit B through the message. */
    @Service
    public static class PaymentService {
        private final Environment environment;
        private final BankMapper accounts;

        public PaymentService(Environment environment, BankMapper accounts) {
            this.environment = environment;
            this.accounts = accounts;
        }

        @DtmMsg(waitResult = true)
        public String pay(Msg msg, int amount) {
            msg.add("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/transIn",
                    Map.of("amount", amount));
            accounts.add("A", -amount);
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
