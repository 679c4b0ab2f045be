package io.dtm4j.workflowfeign;

import io.dtm4j.client.Workflow;
import io.dtm4j.spring.annotation.DtmWorkflow;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A workflow whose branches are Feign calls to this app's own bank endpoints. */
@SpringBootApplication
@EnableFeignClients(clients = WorkflowFeignApp.Bank.class)
public class WorkflowFeignApp {

    /** The bank, as a Feign client. */
    @FeignClient(name = "bank", url = "${bank.url}")
    public interface Bank {
        @PostMapping("/bank/{step}")
        String step(@PathVariable("step") String step);
    }

    /** The bank: records each call as "step op" and answers 409 for "fail", 425 while told to. */
    @RestController
    public static class BankEndpoints {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();
        static final AtomicInteger ONGOING = new AtomicInteger();

        @PostMapping("/bank/{step}")
        public ResponseEntity<String> step(@PathVariable("step") String step, HttpServletRequest request) {
            CALLS.add(step + " " + request.getParameter("op") + " " + request.getParameter("gid"));
            if (step.equals("fail")) {
                return ResponseEntity.status(409).body("{\"dtm_result\":\"FAILURE\"}");
            }
            if (step.equals("in") && ONGOING.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return ResponseEntity.status(425).body("{\"dtm_result\":\"ONGOING\"}");
            }
            return ResponseEntity.ok("{\"done\":\"" + step + "\"}");
        }
    }

    /** The workflow. */
    @Service
    public static class Transfers {
        private final Bank bank;

        public Transfers(Bank bank) {
            this.bank = bank;
        }

        @DtmWorkflow("feign-transfer")
        public String transfer(Workflow wf, String second) {
            wf.newBranch().onRollback(barrier -> bank.step("revert"));
            String out = bank.step("out");
            wf.newBranch();
            bank.step(second);
            return wf.gid() + " " + out;
        }
    }
}
