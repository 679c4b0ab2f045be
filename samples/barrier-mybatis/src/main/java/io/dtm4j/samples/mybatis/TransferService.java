package io.dtm4j.samples.mybatis;

import io.dtm4j.client.Saga;
import io.dtm4j.spring.annotation.DtmSaga;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: a saga per transfer over the MyBatis participants.
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
     * Moves money; waits for the outcome.
     *
     * @param saga given by {@code @DtmSaga} (pass null)
     * @param t the transfer
     * @return the gid
     * @throws io.dtm4j.client.DtmTransactionFailedException when it failed and was compensated
     */
    @DtmSaga(waitResult = true)
    public String transfer(Saga saga, Transfer t) {
        String busi = busiUrl();
        saga.add(busi + "/TransOut", busi + "/TransOutRevert", t).add(busi + "/TransIn", busi + "/TransInRevert", t);
        return saga.gid();
    }

    /** The branch handlers' base URL: {@code sample.base-url}, else 127.0.0.1 and the local port. */
    String busiUrl() {
        return environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port")) + "/api/busi";
    }
}
