package io.dtm4j.samples.msg;

import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.Msg;
import io.dtm4j.spring.annotation.DtmMsg;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The initiator: paying an order is a 2-phase message. The order update and the message's barrier row commit in one
 * local transaction; DTM then calls the shipping service. {@code timeoutToFail = "3s"}: a message whose submit
 * never arrives is asked back after three seconds.
 */
@Service
public class PaymentService {

    private final Orders orders;
    private final Environment environment;

    /**
     * Creates the service.
     *
     * @param orders the orders
     * @param environment to find this application's URL
     */
    public PaymentService(Orders orders, Environment environment) {
        this.orders = orders;
        this.environment = environment;
    }

    /**
     * Pays an order and sends its shipment.
     *
     * @param msg the message, given by {@code @DtmMsg} (pass null)
     * @param orderId the order
     * @return the message's gid
     * @throws DtmFailureException when the order is not new: the local transaction rolls back, nothing is sent
     */
    @DtmMsg(timeoutToFail = "3s")
    public String pay(Msg msg, String orderId) {
        msg.add(baseUrl() + "/api/shipping/ship", Map.of("orderId", orderId));
        if (!orders.markPaid(orderId)) {
            throw new DtmFailureException("order '" + orderId + "' is " + orders.status(orderId) + ", not new: not"
                    + " paid again, no message sent");
        }
        return msg.gid();
    }

    /** Where DTM reaches this application: {@code sample.base-url}, else 127.0.0.1 and the local port. */
    String baseUrl() {
        return environment.getProperty("sample.base-url",
                "http://127.0.0.1:" + environment.getProperty("local.server.port"));
    }
}
