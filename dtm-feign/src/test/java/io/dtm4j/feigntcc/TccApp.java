package io.dtm4j.feigntcc;

import io.dtm4j.feign.DtmTccTry;
import io.dtm4j.spring.annotation.DtmTcc;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A TCC initiator whose tries are Feign calls to its own account endpoints. */
@SpringBootApplication
@EnableFeignClients(clients = {TccApp.Accounts.class, TccApp.AccountsByName.class})
public class TccApp {

    /** The participant, as a Feign client with TCC tries. */
    @FeignClient(name = "accounts", url = "${accounts.url}")
    public interface Accounts {
        @PostMapping("/transOutTry")
        @DtmTccTry(confirm = "/transOutConfirm", cancel = "/transOutCancel")
        void transOutTry(@RequestBody Map<String, Integer> transfer);

        @PostMapping("/transInTry")
        @DtmTccTry(confirm = "/transInConfirm", cancel = "/transInCancel")
        void transInTry(@RequestBody Map<String, Integer> transfer);

        @PostMapping("/parentTry")
        @DtmTccTry(confirm = "/parentConfirm", cancel = "/parentCancel")
        void parentTry(@RequestBody Map<String, Integer> transfer);
    }

    /** The same participant addressed by service name, resolved through LoadBalancer and simple discovery. */
    @FeignClient(name = "accounts-service")
    public interface AccountsByName {
        @PostMapping("/transOutTry")
        @DtmTccTry(confirm = "/transOutConfirm", cancel = "/transOutCancel")
        void transOutTry(@RequestBody Map<String, Integer> transfer);
    }

    /**
     * The participant's endpoints: they record what they were called with; transInTry fails for amount 0 (409) and
     * -1 (200 with FAILURE).
     */
    @RestController
    public static class AccountEndpoints {
        private final List<String> calls = new CopyOnWriteArrayList<>();

        public List<String> calls() {
            return calls;
        }

        private ResponseEntity<Map<String, String>> record(String name, HttpServletRequest r, int amount,
                boolean fail) {
            calls.add(name + " " + r.getParameter("gid") + "/" + r.getParameter("branch_id") + "/"
                    + r.getParameter("op") + " amount=" + amount);
            // Amount -1: DTM's old-style failure, HTTP 200 with FAILURE in the body.
            return fail ? ResponseEntity.status(amount == -1 ? 200 : 409).body(Map.of("dtm_result", "FAILURE"))
                    : ResponseEntity.ok(Map.of("dtm_result", "SUCCESS"));
        }

        @PostMapping({"/transOutTry", "/transOutConfirm", "/transOutCancel"})
        public ResponseEntity<Map<String, String>> out(HttpServletRequest r, @RequestBody Map<String, Integer> t) {
            return record(r.getRequestURI().substring(1), r, t.get("amount"), false);
        }

        @PostMapping({"/parentConfirm", "/parentCancel"})
        public ResponseEntity<Map<String, String>> parent(HttpServletRequest r, @RequestBody Map<String, Integer> t) {
            return record(r.getRequestURI().substring(1), r, t.get("amount"), false);
        }

        @PostMapping({"/transInTry", "/transInConfirm", "/transInCancel"})
        public ResponseEntity<Map<String, String>> in(HttpServletRequest r, @RequestBody Map<String, Integer> t) {
            boolean fail = r.getRequestURI().equals("/transInTry") && t.get("amount") <= 0;
            return record(r.getRequestURI().substring(1), r, t.get("amount"), fail);
        }
    }

    /** A TCC try handler that opens nested branches through the same Feign tries. */
    @RestController
    public static class ParentTry {
        private final Accounts accounts;
        private final AccountEndpoints endpoints;

        public ParentTry(Accounts accounts, AccountEndpoints endpoints) {
            this.accounts = accounts;
            this.endpoints = endpoints;
        }

        @PostMapping("/parentTry")
        public Map<String, String> parentTry(HttpServletRequest r, @RequestBody Map<String, Integer> t) {
            endpoints.calls().add("parentTry " + r.getParameter("gid") + "/" + r.getParameter("branch_id") + "/"
                    + r.getParameter("op") + " amount=" + t.get("amount"));
            accounts.transOutTry(t);
            accounts.transInTry(t);
            return Map.of("dtm_result", "SUCCESS");
        }
    }

    /** The initiator. */
    @Service
    public static class Transfers {
        private final Accounts accounts;
        @org.springframework.beans.factory.annotation.Autowired
        private AccountsByName byName;
        @org.springframework.beans.factory.annotation.Autowired
        private io.dtm4j.feign.FeignUrls urls;

        public Transfers(Accounts accounts) {
            this.accounts = accounts;
        }

        @DtmTcc(waitResult = true)
        public String transferByServiceName(int amount) {
            byName.transOutTry(Map.of("amount", amount));
            return io.dtm4j.spring.DtmContext.gid().orElseThrow();
        }

        @io.dtm4j.spring.annotation.DtmSaga(waitResult = true)
        public String sagaFromFeignClients(io.dtm4j.client.Saga saga, int amount) {
            saga.add(urls.url(Accounts.class, "/transOutConfirm"), urls.url(Accounts.class, "/transOutCancel"),
                    Map.of("amount", amount))
                    .add(urls.url(AccountsByName.class, "/transInConfirm"),
                            urls.url(AccountsByName.class, "/transInCancel"), Map.of("amount", amount));
            return saga.gid();
        }

        @DtmTcc(waitResult = true)
        public String transfer(int amount) {
            accounts.transOutTry(Map.of("amount", amount));
            accounts.transInTry(Map.of("amount", amount));
            return io.dtm4j.spring.DtmContext.gid().orElseThrow();
        }

        @DtmTcc(waitResult = true)
        public String transferNested(int amount) {
            accounts.parentTry(Map.of("amount", amount));
            return io.dtm4j.spring.DtmContext.gid().orElseThrow();
        }
    }
}
