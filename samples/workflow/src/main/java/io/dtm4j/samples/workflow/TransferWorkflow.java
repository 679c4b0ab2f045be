package io.dtm4j.samples.workflow;

import io.dtm4j.client.Workflow;
import io.dtm4j.spring.annotation.DtmWorkflow;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: a transfer as a workflow. Each call goes through the handle, so its outcome is recorded and a
 * resumed run replays it; each branch's rollback is registered before its call.
 */
@Service
public class TransferWorkflow {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Environment environment;

    /**
     * Creates the service.
     *
     * @param environment to find this application's URL
     */
    public TransferWorkflow(Environment environment) {
        this.environment = environment;
    }

    /**
     * Moves money: TransOut, then TransIn; when TransIn fails, TransOut is rolled back.
     *
     * @param wf the workflow handle, given by {@code @DtmWorkflow}
     * @param req the transfer
     * @return the gid
     * @throws io.dtm4j.client.DtmTransactionFailedException when the transfer failed (and was rolled back)
     */
    @DtmWorkflow("transfer")
    public String transfer(Workflow wf, TransferRequest req) {
        String json = json(req);
        wf.newBranch().onRollback(barrier -> wf.call(post("/TransOutRevert", json)));
        wf.call(post("/TransOut", json));
        wf.newBranch().onRollback(barrier -> wf.call(post("/TransInRevert", json)));
        wf.call(post("/TransIn", json));
        return wf.gid();
    }

    private static String json(TransferRequest req) {
        try {
            return MAPPER.writeValueAsString(req);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the transfer as JSON: " + e.getMessage(), e);
        }
    }

    private Request post(String path, String json) {
        return new Request.Builder().url(baseUrl() + "/api/busi" + path).post(RequestBody.create(json, JSON)).build();
    }

    /** Where this application is reached: {@code sample.base-url}, else 127.0.0.1 and the local port. */
    String baseUrl() {
        return environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port"));
    }
}
