package io.dtm4j.samples.xa;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * XA over two MariaDB databases: the initiator calls each bank's XA branch; each bank runs its local work inside an
 * XA transaction and prepares it; DTM then commits both, or rolls both back when a branch failed.
 */
@SpringBootApplication
public class XaApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, e.g. {@code --sample.bank1-url=jdbc:mariadb://db:3306/bank1?user=root}
     */
    public static void main(String[] args) {
        Samples.main(XaApplication.class, args);
    }
}
