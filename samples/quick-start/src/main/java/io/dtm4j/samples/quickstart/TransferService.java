package io.dtm4j.samples.quickstart;

import io.dtm4j.client.Saga;
import io.dtm4j.spring.annotation.DtmSaga;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: one saga per transfer, TransOut then TransIn, each with its compensation.
 */
@Service
public class TransferService {

    private final Environment environment;

    /**
     * Creates the service.
     *
     * @param environment to find this application's URL
     */
    public TransferService(Environment environment) {
        this.environment = environment;
    }

    /**
     * Moves money as a saga, submitted when this method returns; waits for the outcome.
     *
     * @param saga the saga, given by {@code @DtmSaga}
     * @param req the transfer
     * @return the gid
     * @throws io.dtm4j.client.DtmTransactionFailedException when the transfer failed (and was compensated)
     */
    @DtmSaga(waitResult = true)
    public String transfer(Saga saga, TransferRequest req) {
        String busi = baseUrl() + "/api/busi";
        saga.add(busi + "/TransOut", busi + "/TransOutRevert", req)
                .add(busi + "/TransIn", busi + "/TransInRevert", req);
        return saga.gid();
    }

    /** Where DTM reaches this application: {@code sample.base-url}, else 127.0.0.1 and the local port. */
    String baseUrl() {
        return environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port"));
    }
}
