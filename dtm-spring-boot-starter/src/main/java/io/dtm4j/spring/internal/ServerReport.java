package io.dtm4j.spring.internal;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the application is ready, says in the log which DTM server it uses and whether that server answered: INFO
 * with its version, or a WARN with the remedy (never a failed start: the server may come up later). Asks on a
 * daemon thread, so an unreachable server does not hold the start up.
 */
public final class ServerReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger("io.dtm4j.spring");

    private final DtmClient client;

    public ServerReport(DtmClient client) {
        this.client = client;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread t = new Thread(this::report, "dtm-server-check");
        t.setDaemon(true);
        t.start();
    }

    /** Asks the server now and logs what it found. */
    public void report() {
        try {
            String version = client.version();
            log.info("DTM server {} answered (version {})", client.serverUrl(), version.isEmpty() ? "not given"
                    : version);
        } catch (DtmException e) {
            log.warn("DTM server {} did not answer: {}. Transactions fail until it does: start it, or point"
                    + " dtm.server-url at a running one", client.serverUrl(), e.getMessage());
        }
    }
}
