package io.dtm4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short crash probe CI runs on every store: the shipped server jar in its own process, 2-branch sagas at
 * 100/s, {@code kill -9} once 30 submits were acknowledged, a restart on the same store. Every acknowledged saga
 * must be known and final after the restart. The full probe ({@code scripts/crash.sh}) writes the table of
 * docs/reliability.md. The embedded store is killed several times more: the state a kill leaves H2 in varies from
 * kill to kill (once in a few kills it kept rows of a change without the rest of it), and its replay must cope with
 * each.
 */
class CrashTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql", "postgres", "redis"})
    void noAcknowledgedSagaIsLostToAKill(String store) throws Exception {
        CrashProbe.Outcome o = CrashProbe.probe(Path.of("dtm-server/target/dtm-server.jar"), store, store, 60, 100, 30);
        System.out.println("[crash] " + o.row());
        assertThat(o.acknowledged()).as("acknowledged before the kill").isGreaterThanOrEqualTo(30);
        assertThat(o.lost()).as("acknowledged sagas lost: %s", o.row()).isZero();
        assertThat(o.notFinal()).as("acknowledged sagas not final after the restart: %s", o.row()).isZero();
        assertThat(o.duplicates()).as("repeated branch calls beyond those the kill left unanswered, and one"
                + " round each of the sagas in flight: %s", o.row()).isLessThanOrEqualTo(o.inFlightAtKill() + 30);
    }

    @Test
    void theEmbeddedStoreLosesNothingOverRepeatedKills() throws Exception {
        for (int run = 1; run <= 6; run++) {
            CrashProbe.Outcome o = CrashProbe.probe(Path.of("dtm-server/target/dtm-server.jar"), "h2 (run " + run
                    + ")", "h2", 50, 100, 25);
            System.out.println("[crash] " + o.row());
            assertThat(o.lost()).as("acknowledged sagas lost: %s", o.row()).isZero();
            assertThat(o.notFinal()).as("acknowledged sagas not final after the restart: %s", o.row()).isZero();
        }
    }
}
