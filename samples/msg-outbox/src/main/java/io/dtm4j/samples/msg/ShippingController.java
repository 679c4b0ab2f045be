package io.dtm4j.samples.msg;

import io.dtm4j.samples.support.BranchCallInterceptor;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shipping service: the message's one step, guarded by the barrier so a redelivery ships nothing twice.
 */
@RestController
public class ShippingController {

    private final Orders orders;

    /**
     * Creates the controller.
     *
     * @param orders the orders
     */
    public ShippingController(Orders orders) {
        this.orders = orders;
    }

    /**
     * Ships a paid order.
     *
     * @param req {@code {"orderId": ...}}
     * @param http the request, to note the work done
     */
    @PostMapping("/api/shipping/ship")
    @DtmBarrier
    public void ship(@RequestBody Map<String, String> req, HttpServletRequest http) {
        orders.ship(req.get("orderId"));
        BranchCallInterceptor.work(http, "shipped order " + req.get("orderId"));
    }
}
