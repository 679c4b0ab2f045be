package io.dtm4j.samples.stock;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.samples.support.Samples;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public endpoint: {@code POST /api/buy} with {@code {"sku":..., "buyer":...}}. 200 with the gid when the
 * order is written; 409 when sold out or refused (compensated); 400 for bad input, before anything reaches DTM.
 */
@RestController
public class SaleController {

    private final PurchaseService purchases;
    private final Stock stock;
    private final DtmClient dtm;

    /**
     * Creates the controller.
     *
     * @param purchases the initiator
     * @param stock the counters
     * @param dtm the DTM client
     */
    public SaleController(PurchaseService purchases, Stock stock, DtmClient dtm) {
        this.purchases = purchases;
        this.stock = stock;
        this.dtm = dtm;
    }

    /**
     * Buys one item.
     *
     * @param p the purchase
     * @return the outcome
     */
    @PostMapping("/api/buy")
    public ResponseEntity<Map<String, Object>> buy(@RequestBody Purchase p) {
        if (p.sku() == null || p.sku().isBlank() || p.buyer() == null || p.buyer().isBlank()) {
            return error(400, "'sku' and 'buyer' are required, got sku=" + p.sku() + ", buyer=" + p.buyer()
                    + " (send {\"sku\":\"sku-1\",\"buyer\":\"alice\"})");
        }
        if (stock.count(p.sku()) < 0) {
            return error(400, "no item '" + p.sku() + "' on sale (its stock counter " + stock.key(p.sku())
                    + " does not exist)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int status = 200;
        String gid;
        try {
            gid = purchases.buy(null, p);
        } catch (DtmTransactionFailedException e) {
            gid = e.gid();
            status = 409;
        } catch (DtmTransactionPendingException e) {
            gid = e.gid();
            status = 202;
        }
        body.put("gid", gid);
        body.put("status", Samples.finalStatus(dtm, gid, Duration.ofSeconds(30)).wireName());
        body.put("stock", stock.count(p.sku()));
        return ResponseEntity.status(status).body(body);
    }

    /**
     * A body that is not a purchase's JSON.
     *
     * @param e the parse error
     * @return 400
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(400, "the body is not a purchase's JSON: " + e.getMostSpecificCause().getMessage().lines()
                .findFirst().orElse("") + " (send {\"sku\":\"sku-1\",\"buyer\":\"alice\"})");
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
