package io.dtm4j.samples.support;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * How every sample starts and waits: run the application (its runner tells the story), then exit unless
 * {@code sample.exit=false}; and the final status of a transaction.
 */
public final class Samples {

    private Samples() {
    }

    /**
     * Runs a sample application and exits with its exit code, unless {@code sample.exit=false}.
     *
     * @param application the {@code @SpringBootApplication} class
     * @param args Spring Boot arguments
     */
    public static void main(Class<?> application, String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(application, args);
        if (context.getEnvironment().getProperty("sample.exit", Boolean.class, true)) {
            System.exit(SpringApplication.exit(context));
        }
    }

    /**
     * The DTM server a sample uses, for its header: the URL, and whether it is the in-process one.
     *
     * @param environment the application's environment
     * @return e.g. {@code http://127.0.0.1:41234/api/dtmsvr (embedded, in-process)}
     */
    public static String dtmServer(Environment environment) {
        return environment.getProperty("dtm.server-url") + " ("
                + environment.getProperty("sample.dtm-server", "external") + ")";
    }

    /**
     * The status of a transaction once it is final, waiting up to {@code patience} (a failed saga's compensations,
     * or a message's back-check, may still be running when the initiator returns).
     *
     * @param dtm the client
     * @param gid the transaction
     * @param patience how long to wait at most
     * @return its status, final unless it took longer
     */
    public static TransStatus finalStatus(DtmClient dtm, String gid, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        TransStatus status = dtm.query(gid).status();
        while (!status.isFinal() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = dtm.query(gid).status();
        }
        return status;
    }
}
