package io.dtm4j.samples.quickstart;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * DTM's quick start on dtm4j: a bank whose TransOut/TransIn branch handlers are guarded by the barrier, and a saga
 * that moves money between two of its accounts: once successfully, once with TransIn failing, so the compensation
 * (TransOutRevert) runs. Prints every branch call and each gid's final status, then exits.
 */
@SpringBootApplication
public class QuickStartApplication {

    /**
     * Runs the quick start.
     *
     * @param args Spring Boot arguments, e.g. {@code --dtm.server-url=http://localhost:36789/api/dtmsvr}
     */
    public static void main(String[] args) {
        Samples.main(QuickStartApplication.class, args);
    }
}
