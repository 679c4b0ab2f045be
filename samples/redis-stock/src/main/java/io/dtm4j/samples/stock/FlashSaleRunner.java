package io.dtm4j.samples.stock;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.samples.support.Samples;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The story ({@code sample.run=true}): 30 buyers at once for 10 items, then a buyer whose order is refused and
 * whose item goes back on the shelf.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class FlashSaleRunner implements ApplicationRunner {

    /** The item on sale. */
    static final String SKU = "sku-flash";

    private final PurchaseService purchases;
    private final Stock stock;
    private final Orders orders;
    private final DtmClient dtm;
    private final Environment environment;
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param purchases the initiator
     * @param stock the counters
     * @param orders the orders
     * @param dtm the DTM client
     * @param environment for the server's URL
     */
    public FlashSaleRunner(PurchaseService purchases, Stock stock, Orders orders, DtmClient dtm,
            Environment environment) {
        this.purchases = purchases;
        this.stock = stock;
        this.orders = orders;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        stock.put(SKU, 10);
        orders.clear(SKU);
        out.println();
        out.println("dtm4j flash sale (Redis stock under the Redis barrier, orders in the database)");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println("   stock:       " + stock.key(SKU) + " = " + stock.count(SKU));
        out.println();
        out.println("1. 30 buyers at once for 10 items: each purchase is a saga (deduct stock in Redis, write order)");
        int sold = buyAtOnce(30);
        out.println("   " + sold + " bought, " + (30 - sold) + " sold out (their deduct answered FAILURE; its"
                + " compensation did nothing); stock " + stock.count(SKU) + ", orders " + orders.count(SKU));
        out.println();
        out.println("2. One more item; '" + Orders.BLOCKED + "' buys it but the shop refuses the order: DTM gives the"
                + " item back");
        stock.put(SKU, 1);
        String gid;
        try {
            gid = purchases.buy(null, new Purchase(SKU, Orders.BLOCKED));
        } catch (DtmTransactionException e) {
            gid = e.gid();
        }
        TransStatus status = Samples.finalStatus(dtm, gid, Duration.ofSeconds(30));
        out.println("   gid " + gid + ": " + status.wireName() + "; stock " + stock.count(SKU) + ", orders "
                + orders.count(SKU));
        out.println();
    }

    private int buyAtOnce(int buyers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                Purchase p = new Purchase(SKU, "buyer-" + i);
                results.add(pool.submit(() -> {
                    try {
                        purchases.buy(null, p);
                        return true;
                    } catch (DtmTransactionException e) {
                        Samples.finalStatus(dtm, e.gid(), Duration.ofSeconds(30));
                        return false;
                    }
                }));
            }
            int sold = 0;
            for (Future<Boolean> r : results) {
                sold += r.get() ? 1 : 0;
            }
            return sold;
        } finally {
            pool.shutdown();
        }
    }
}
