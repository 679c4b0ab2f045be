package io.dtm4j.feign;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app whose handlers call its own /echo endpoint through a real Feign client. */
@SpringBootApplication
@EnableFeignClients(clients = EchoApp.EchoClient.class)
public class EchoApp {

    /** The downstream service, as a Feign client. */
    @FeignClient(name = "echo", url = "${echo.url}")
    public interface EchoClient {
        @GetMapping("/echo")
        Map<String, String> echo();

        @GetMapping("/echo")
        Map<String, String> echoWithGid(@RequestParam("gid") String gid);

        @GetMapping("/echo")
        Map<String, String> echoWithOpHeader(@RequestHeader("Dtm-Op") String op);
    }

    /** The endpoints. */
    @RestController
    public static class Endpoints {
        private final EchoClient echo;

        public Endpoints(EchoClient echo) {
            this.echo = echo;
        }

        /** What arrived downstream: the DTM query parameters and headers. */
        @GetMapping("/echo")
        public Map<String, String> echo(HttpServletRequest request) {
            Map<String, String> seen = new TreeMap<>();
            for (String name : new String[] {"gid", "trans_type", "branch_id", "op"}) {
                if (request.getParameter(name) != null) {
                    seen.put(name, String.join(",", request.getParameterValues(name)));
                }
            }
            for (String name : new String[] {"Dtm-Gid", "Dtm-Branch-Id", "Dtm-Op"}) {
                if (request.getHeader(name) != null) {
                    seen.put(name, request.getHeader(name));
                }
            }
            return seen;
        }

        @PostMapping("/branch")
        public Map<String, String> branch() {
            return echo.echo();
        }

        @PostMapping("/branchExplicit")
        public Map<String, String> branchExplicit() {
            return echo.echoWithGid("mine");
        }

        @PostMapping("/branchExplicitHeader")
        public Map<String, String> branchExplicitHeader() {
            return echo.echoWithOpHeader("custom");
        }

        @PostMapping("/plain")
        public Map<String, String> plain() {
            return echo.echo();
        }
    }
}
