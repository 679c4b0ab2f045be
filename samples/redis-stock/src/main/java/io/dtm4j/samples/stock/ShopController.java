package io.dtm4j.samples.stock;

import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.barrier.BarrierOutcome;
import io.dtm4j.client.barrier.RedisBarrier;
import io.dtm4j.samples.support.BranchCallInterceptor;
import io.dtm4j.spring.annotation.DtmBarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The branch handlers DTM calls: the stock steps run in Redis under the Redis barrier, the order steps in the
 * database under the JDBC barrier.
 */
@RestController
public class ShopController {

    /** How long Redis keeps a purchase's barrier keys: longer than any retry of it. */
    private static final Duration BARRIER_KEYS = Duration.ofDays(1);

    private final RedisBarrier redisBarrier;
    private final Stock stock;
    private final Orders orders;

    /**
     * Creates the controller.
     *
     * @param redisBarrier the starter's Redis barrier
     * @param stock the counters
     * @param orders the orders
     */
    public ShopController(RedisBarrier redisBarrier, Stock stock, Orders orders) {
        this.redisBarrier = redisBarrier;
        this.stock = stock;
        this.orders = orders;
    }

    /**
     * Takes one item: fails (409, not retried) when none is left.
     *
     * @param branch the branch
     * @param p the purchase
     * @param http the request, to note the work done
     */
    @PostMapping("/api/stock/deduct")
    public void deduct(BranchContext branch, @RequestBody Purchase p, HttpServletRequest http) {
        adjust(branch, p, -1, http);
    }

    /**
     * Gives the item back: the deduction's compensation (nothing when the deduction never happened).
     *
     * @param branch the branch
     * @param p the purchase
     * @param http the request
     */
    @PostMapping("/api/stock/revert")
    public void revert(BranchContext branch, @RequestBody Purchase p, HttpServletRequest http) {
        adjust(branch, p, 1, http);
    }

    /**
     * Writes the order.
     *
     * @param branch the branch
     * @param p the purchase
     * @param http the request
     */
    @PostMapping("/api/orders/create")
    @DtmBarrier
    public void createOrder(BranchContext branch, @RequestBody Purchase p, HttpServletRequest http) {
        try {
            orders.create(branch.gid(), p.sku(), p.buyer());
        } catch (DtmFailureException e) {
            BranchCallInterceptor.work(http, "FAILURE: " + e.getMessage());
            throw e;
        }
        BranchCallInterceptor.work(http, "order for " + p.buyer());
    }

    /**
     * Removes the order: its compensation.
     *
     * @param branch the branch
     * @param p the purchase
     * @param http the request
     */
    @PostMapping("/api/orders/cancel")
    @DtmBarrier
    public void cancelOrder(BranchContext branch, @RequestBody Purchase p, HttpServletRequest http) {
        orders.cancel(branch.gid());
        BranchCallInterceptor.work(http, "order of " + p.buyer() + " removed");
    }

    private void adjust(BranchContext branch, Purchase p, int amount, HttpServletRequest http) {
        BarrierOutcome outcome = redisBarrier.forBranch(branch).adjustAmount(stock.key(p.sku()), amount,
                BARRIER_KEYS);
        if (outcome == BarrierOutcome.EXECUTED) {
            BranchCallInterceptor.work(http, p.sku() + " stock " + (amount > 0 ? "+" : "") + amount + " for "
                    + p.buyer());
        }
    }
}
