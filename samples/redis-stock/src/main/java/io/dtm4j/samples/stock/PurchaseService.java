package io.dtm4j.samples.stock;

import io.dtm4j.client.Saga;
import io.dtm4j.spring.annotation.DtmSaga;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: one saga per purchase: take the item from the Redis stock, then write the order.
 */
@Service
public class PurchaseService {

    private final Environment environment;

    /**
     * Creates the service.
     *
     * @param environment to find this application's URL
     */
    public PurchaseService(Environment environment) {
        this.environment = environment;
    }

    /**
     * Buys one item; waits for the outcome.
     *
     * @param saga the saga, given by {@code @DtmSaga} (pass null)
     * @param p the purchase
     * @return the gid
     * @throws io.dtm4j.client.DtmTransactionFailedException when the item is sold out or the order was refused (the
     *     stock is then given back)
     */
    @DtmSaga(waitResult = true)
    public String buy(Saga saga, Purchase p) {
        String base = environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port"));
        saga.add(base + "/api/stock/deduct", base + "/api/stock/revert", p)
                .add(base + "/api/orders/create", base + "/api/orders/cancel", p);
        return saga.gid();
    }
}
