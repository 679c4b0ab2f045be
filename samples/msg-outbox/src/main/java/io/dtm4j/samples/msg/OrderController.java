package io.dtm4j.samples.msg;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.samples.support.Samples;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public endpoint: {@code POST /api/orders/{id}/pay}. 200 with the message's gid and final status once the
 * shipment is delivered; 409 for an order already paid (nothing sent); 404 for no such order; 400 for an id that
 * cannot be one.
 */
@RestController
public class OrderController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final PaymentService payments;
    private final Orders orders;
    private final DtmClient dtm;

    /**
     * Creates the controller.
     *
     * @param payments the initiator
     * @param orders the orders
     * @param dtm the DTM client
     */
    public OrderController(PaymentService payments, Orders orders, DtmClient dtm) {
        this.payments = payments;
        this.orders = orders;
        this.dtm = dtm;
    }

    /**
     * Pays an order.
     *
     * @param id the order
     * @return the outcome
     */
    @PostMapping("/api/orders/{id}/pay")
    public ResponseEntity<Map<String, Object>> pay(@PathVariable String id) {
        if (!ID.matcher(id).matches()) {
            return answer(400, Map.of("error", "order id '" + id + "' is not 1 to 64 letters, digits, '-' or '_'"));
        }
        if (orders.status(id) == null) {
            return answer(404, Map.of("error", "no order '" + id + "' (open it first)"));
        }
        try {
            String gid = payments.pay(null, id);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("gid", gid);
            body.put("status", Samples.finalStatus(dtm, gid, Duration.ofSeconds(30)).wireName());
            body.put("shipped", orders.shipped(id));
            return answer(200, body);
        } catch (DtmFailureException e) {
            return answer(409, Map.of("error", e.getMessage()));
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(int status, Map<String, Object> body) {
        return ResponseEntity.status(status).body(body);
    }
}
