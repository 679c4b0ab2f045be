package io.dtm4j.spring.workflow;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmOngoingException;
import io.dtm4j.client.Workflow;
import io.dtm4j.spring.DtmContext;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.annotation.DtmWorkflow;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application of the workflow tests: a transfer workflow and its barrier-guarded participants. */
@SpringBootApplication
public class WorkflowApp {

    static final String ACCOUNTS = "dtm_busi.wf_account";

    /** Branch handlers, each applied once per (gid, branch, op) by the barrier. */
    @RestController
    public static class Accounts {
        private final JdbcTemplate jdbc;
        private final AtomicInteger transInOngoing = new AtomicInteger();
        private volatile boolean transInFails;

        public Accounts(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** Makes /wf/transIn answer FAILURE from now on, or not. */
        public void failTransIn(boolean fail) {
            transInFails = fail;
        }

        /** Makes the next {@code times} calls of /wf/transIn answer ONGOING. */
        public void transInOngoing(int times) {
            transInOngoing.set(times);
        }

        private void add(String user, int amount) {
            jdbc.update("update " + ACCOUNTS + " set balance = balance + ? where user_id = ?", amount, user);
        }

        @PostMapping("/wf/transOut")
        @DtmBarrier
        public void transOut(@org.springframework.web.bind.annotation.RequestBody Map<String, Integer> req) {
            add("A", -req.get("amount"));
        }

        @PostMapping("/wf/transOutRevert")
        @DtmBarrier
        public void transOutRevert(@org.springframework.web.bind.annotation.RequestBody Map<String, Integer> req) {
            add("A", req.get("amount"));
        }

        @PostMapping("/wf/transIn")
        @DtmBarrier
        public void transIn(@org.springframework.web.bind.annotation.RequestBody Map<String, Integer> req) {
            if (transInOngoing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DtmOngoingException("account B is being opened");
            }
            if (transInFails) {
                throw new DtmFailureException("account B is closed");
            }
            add("B", req.get("amount"));
        }

        @PostMapping("/wf/transInRevert")
        @DtmBarrier
        public void transInRevert(@org.springframework.web.bind.annotation.RequestBody Map<String, Integer> req) {
            add("B", -req.get("amount"));
        }
    }

    /** A RestClient builder when the Boot version's auto-configuration gives none. */
    @org.springframework.context.annotation.Bean
    @org.springframework.context.annotation.Scope("prototype")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    org.springframework.web.client.RestClient.Builder restClientBuilder() {
        return org.springframework.web.client.RestClient.builder();
    }

    /** A RestTemplate bean, as applications declare them. */
    @org.springframework.context.annotation.Bean
    org.springframework.web.client.RestTemplate restTemplate() {
        return new org.springframework.web.client.RestTemplate();
    }

    /** The same transfer with Spring's HTTP clients: RestClient for the actions, RestTemplate for the rollbacks. */
    @Service
    public static class RestTransfers {
        private final DtmSelfUrl self;
        private final org.springframework.web.client.RestClient rest;
        private final org.springframework.web.client.RestTemplate template;

        public RestTransfers(DtmSelfUrl self, org.springframework.web.client.RestClient.Builder builder,
                org.springframework.web.client.RestTemplate template) {
            this.self = self;
            this.rest = builder.build();
            this.template = template;
        }

        private void rollback(String path, int amount) {
            template.postForEntity(self.of(path), Map.of("amount", amount), String.class);
        }

        private void action(String path, int amount) {
            rest.post().uri(self.of(path)).body(Map.of("amount", amount)).retrieve().toBodilessEntity();
        }

        @DtmWorkflow("wf-rest-echo")
        public String echo(Workflow wf, String name) {
            wf.newBranch();
            return rest.get().uri(self.of("/wf/echo") + "?name={name}", name).retrieve().body(String.class);
        }

        @DtmWorkflow("wf-rest-transfer")
        public String transfer(Workflow wf, Map<String, Integer> req) {
            int amount = req.get("amount");
            wf.newBranch().onRollback(barrier -> rollback("/wf/transOutRevert", amount));
            action("/wf/transOut", amount);
            wf.newBranch().onRollback(barrier -> rollback("/wf/transInRevert", amount));
            action("/wf/transIn", amount);
            return wf.gid();
        }
    }

    /** Answers the {@code name} query parameter it received, as it was decoded. */
    @RestController
    public static class Echo {
        @org.springframework.web.bind.annotation.GetMapping("/wf/echo")
        public String echo(@org.springframework.web.bind.annotation.RequestParam("name") String name,
                @org.springframework.web.bind.annotation.RequestParam("op") String op) {
            return op + ":" + name;
        }
    }

    /** A transfer result. */
    public record Receipt(String gid, int amount, boolean contextBound) {
    }

    /** The initiator: a workflow over this application's own endpoints. */
    @Service
    public static class Transfers {
        private final DtmSelfUrl self;

        public Transfers(DtmSelfUrl self) {
            this.self = self;
        }

        private Request post(String path, int amount) {
            return new Request.Builder().url(self.of(path)).post(RequestBody.create("{\"amount\":" + amount + "}",
                    MediaType.get("application/json"))).build();
        }

        @DtmWorkflow("wf-transfer")
        public Receipt transfer(Workflow wf, Map<String, Integer> req) {
            int amount = req.get("amount");
            wf.newBranch().onRollback(barrier -> wf.call(post("/wf/transOutRevert", amount)));
            wf.call(post("/wf/transOut", amount));
            wf.newBranch().onRollback(barrier -> wf.call(post("/wf/transInRevert", amount)));
            wf.call(post("/wf/transIn", amount));
            return new Receipt(wf.gid(), amount, DtmContext.workflow() == wf);
        }
    }
}
