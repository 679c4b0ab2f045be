package io.dtm4j.samples.msg;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.TransStatus;
import io.dtm4j.samples.support.Samples;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The story ({@code sample.run=true}): a payment delivered, a repeated payment that sends nothing, and a payment
 * whose submit is lost after the commit, delivered through DTM's back-check.
 */
@Component
@ConditionalOnProperty(name = "sample.run", havingValue = "true")
public class MsgOutboxRunner implements ApplicationRunner {

    private final PaymentService payments;
    private final Orders orders;
    private final CrashBeforeSubmit crash;
    private final DtmClient dtm;
    private final Environment environment;
    private final PrintStream out = System.out;

    /**
     * Creates the runner.
     *
     * @param payments the initiator
     * @param orders the orders
     * @param crash the simulated crash
     * @param dtm the DTM client
     * @param environment for the server's URL
     */
    public MsgOutboxRunner(PaymentService payments, Orders orders, CrashBeforeSubmit crash, DtmClient dtm,
            Environment environment) {
        this.payments = payments;
        this.orders = orders;
        this.crash = crash;
        this.dtm = dtm;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        orders.open("order-1", 30);
        orders.open("order-2", 50);
        out.println();
        out.println("dtm4j 2-phase message (outbox)");
        out.println("   DTM server:  " + Samples.dtmServer(environment));
        out.println();
        out.println("1. Pay order-1: the order is marked paid and the message committed in one local transaction;"
                + " DTM ships it");
        report("order-1", pay("order-1"));
        out.println();
        out.println("2. Pay order-1 again: the local transaction finds it paid and rolls back; no message is sent");
        pay("order-1");
        out.println();
        out.println("3. Pay order-2, and the application 'crashes' after its commit, before telling DTM:");
        out.println("   DTM asks /dtm/queryPrepared, the barrier table says committed, and the message is delivered");
        crash.arm();
        String gid = pay("order-2");
        out.println("   gid " + gid + ": " + dtm.query(gid).status().wireName() + " (DTM never got the submit);"
                + " waiting for its back-check...");
        report("order-2", gid);
        out.println();
    }

    private String pay(String order) {
        try {
            return payments.pay(null, order);
        } catch (DtmFailureException e) {
            out.println("   refused: " + e.getMessage());
            return null;
        }
    }

    private void report(String order, String gid) {
        TransStatus status = Samples.finalStatus(dtm, gid, Duration.ofSeconds(60));
        out.println("   gid " + gid + ": " + status.wireName() + "; " + order + " is " + orders.status(order)
                + (orders.shipped(order) ? " and shipped" : " and not shipped"));
    }
}
