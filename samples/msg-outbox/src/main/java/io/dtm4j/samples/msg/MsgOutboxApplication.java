package io.dtm4j.samples.msg;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A 2-phase message (the outbox pattern without an outbox table): paying an order updates it locally and, in the
 * same local transaction, commits a message that DTM delivers to the shipping service. If the application dies
 * between its commit and telling DTM, DTM asks it back (the query-prepared endpoint) and delivers anyway.
 */
@SpringBootApplication
public class MsgOutboxApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, e.g. {@code --dtm.server-url=http://localhost:36789/api/dtmsvr}
     */
    public static void main(String[] args) {
        Samples.main(MsgOutboxApplication.class, args);
    }
}
