package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.store.TransStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/**
 * The server's part of a workflow round (spec §6.6): a workflow still {@code prepared} when the cron leases it
 * gets its resume callback ({@code query_prepared} with branch {@code 00}, op = the workflow name, body = the
 * original input). The answer changes nothing on the server: the client re-runs the workflow and submits.
 */
final class WorkflowRound {

    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    private final Engine engine;
    private final Trans t;

    WorkflowRound(Engine engine, Trans t) {
        this.engine = engine;
        this.t = t;
    }

    void run() {
        if (!t.is(TransStatus.PREPARED)) {
            return;
        }
        String name = "";
        byte[] input = new byte[0];
        try {
            JsonNode custom = MAPPER.readTree(t.g.customData == null || t.g.customData.isBlank() ? "{}"
                    : t.g.customData);
            name = custom.path("name").asText("");
            String data = custom.path("data").asText("");
            input = data.isEmpty() ? new byte[0] : Base64.getDecoder().decode(data);
        } catch (IOException | IllegalArgumentException e) {
            t.recordError(io.dtm4j.client.DtmResult.ERROR, "custom_data of workflow '" + t.g.gid
                    + "' is not {name, data}: " + t.g.customData);
        }
        BranchInvoker.Outcome outcome = engine.resumeWorkflow(t, name, input);
        if (outcome.result() != io.dtm4j.client.DtmResult.SUCCESS) {
            t.recordError(outcome.result(), outcome.message());
        }
    }
}
