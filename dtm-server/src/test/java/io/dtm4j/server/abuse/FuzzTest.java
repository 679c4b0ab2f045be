package io.dtm4j.server.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.DtmServer;
import io.dtm4j.server.DtmServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * At least 1,000 malformed requests over every body-taking endpoint, REST and JSON-RPC, from valid bodies mutated
 * at random (seeded, so a failure repeats): no 5xx but the documented "no TransGlobal" ones, nothing stored for a
 * refused request, ping answering throughout, the heap bounded.
 */
class FuzzTest {

    private static final List<String> ENDPOINTS = List.of("submit", "prepare", "abort", "registerBranch",
            "prepareWorkflow", "forceStop", "resetNextCronTime", "json-rpc");
    private static final String URL = "http://127.0.0.1:1/x";

    @Test
    void malformedRequestsGet4xxAndStoreNothing() {
        long seed = Long.getLong("fuzz.seed", 20261202L);
        int count = Integer.getInteger("fuzz.count", 1200);
        Random random = new Random(seed);
        Map<String, Integer> counts = new TreeMap<>();
        try (DtmServer server = DtmServer.start(DtmServerConfig.builder().host("127.0.0.1").httpPort(0)
                .cronEnabled(false).build())) {
            Raw raw = new Raw(server.port());
            try {
                for (int i = 0; i < count; i++) {
                    String endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
                    String gid = "fz-" + seed + "-" + i;
                    ObjectNode body = seedBody(endpoint, gid);
                    String text = mutate(random, body);
                    Raw.Answer a = endpoint.equals("json-rpc")
                            ? raw.post("/api/json-rpc", "{\"jsonrpc\":\"2.0\",\"id\":\"" + i + "\",\"method\":\""
                                    + List.of("prepare", "submit", "abort", "registerBranch").get(i % 4)
                                    + "\",\"params\":" + text + "}")
                            : raw.post("/api/dtmsvr/" + endpoint, text);
                    String what = "seed " + seed + " #" + i + " " + endpoint + " " + text + " -> " + a.text();
                    boolean documented500 = a.status() == 500 && a.text().contains("no TransGlobal with gid");
                    assertThat(a.status() < 500 || documented500).as(what).isTrue();
                    int code = endpoint.equals("json-rpc") && a.status() == 200
                            ? a.json().path("error").path("code").asInt(0) : a.status();
                    counts.merge(endpoint + " " + code, 1, Integer::sum);
                    if ((a.status() == 400 || code == -32603 && a.text().contains("field '"))
                            && !endpoint.equals("abort")) {
                        assertThat(raw.stored(gid)).as("stored after a refusal: " + what).isFalse();
                    }
                    if (i % 50 == 0) {
                        assertThat(raw.get("/api/ping").status()).isEqualTo(200);
                    }
                }
            } finally {
                raw.close();
            }
        }
        System.gc();
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.println("[fuzz] seed " + seed + ", " + count + " requests, answers by endpoint and code: "
                + counts + "; heap after " + (used >> 20) + " MB");
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
        assertThat(used).as("heap in use after the run").isLessThan(512L << 20);
    }

    private static ObjectNode seedBody(String endpoint, String gid) {
        ObjectNode b = Raw.MAPPER.createObjectNode().put("gid", gid);
        switch (endpoint) {
            case "registerBranch" -> b.put("trans_type", "tcc").put("branch_id", "01").put("confirm", URL)
                    .put("cancel", URL).put("data", "{}");
            case "prepareWorkflow" -> b.put("trans_type", "workflow").put("query_prepared", URL)
                    .put("custom_data", "{\"name\":\"wf\",\"data\":\"e30=\"}");
            case "abort" -> b.put("trans_type", "tcc");
            case "forceStop", "resetNextCronTime" -> { }
            default -> {
                b.put("trans_type", "saga").put("wait_result", false).put("timeout_to_fail", 60)
                        .put("retry_interval", 15).put("custom_data", "{\"concurrent\":true,\"orders\":{\"1\":[0]}}");
                b.putArray("steps").addObject().put("action", URL).put("compensate", URL);
                ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("steps")).addObject().put("action", URL)
                        .put("compensate", "");
                b.putArray("payloads").add("{}").add("{}");
                b.putObject("branch_headers").put("x-a", "1");
            }
        }
        return b;
    }

    private static String mutate(Random random, ObjectNode body) {
        String text = body.toString();
        switch (random.nextInt(10)) {
            case 0:
                return text.substring(0, random.nextInt(text.length()));
            case 1:
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1);
            default:
                List<String> names = new java.util.ArrayList<>();
                body.fieldNames().forEachRemaining(names::add);
                String field = names.get(random.nextInt(names.size()));
                if (field.equals("gid") && random.nextInt(3) > 0) {
                    field = names.get(names.size() - 1);
                }
                body.set(field, value(random));
                return body.toString();
        }
    }

    private static JsonNode value(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> Raw.MAPPER.getNodeFactory().numberNode(random.nextLong());
            case 1 -> Raw.MAPPER.getNodeFactory().numberNode(random.nextDouble() * 1e6);
            case 2 -> Raw.MAPPER.getNodeFactory().textNode("x".repeat(random.nextInt(3000)));
            case 3 -> Raw.MAPPER.getNodeFactory().nullNode();
            case 4 -> Raw.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 5 -> Raw.MAPPER.createArrayNode().add(1).add("a").addNull();
            case 6 -> Raw.MAPPER.createObjectNode().put("k", 1);
            case 7 -> Raw.MAPPER.getNodeFactory().textNode("\ud800" + random.nextInt());
            case 8 -> Raw.MAPPER.getNodeFactory().textNode("gopher://" + random.nextInt() + "/\r\nHost: x");
            case 9 -> Raw.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(30)));
            case 10 -> Raw.MAPPER.createArrayNode().add(Raw.MAPPER.createObjectNode().put("action", 5));
            default -> Raw.MAPPER.getNodeFactory().textNode("{\"orders\":{\"-1\":[\"a\"]}}");
        };
    }
}
