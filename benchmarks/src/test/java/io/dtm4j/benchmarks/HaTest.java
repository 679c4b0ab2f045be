package io.dtm4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short HA probe CI runs on every shared store: three server processes on one store, sagas and TCCs whose
 * branches answer ONGOING, 500 or slowly, one instance killed with {@code kill -9} halfway. Every acknowledged
 * transaction must end final, and no branch of a transaction may be called while another call of it is in flight
 * (two instances at once). The full probe ({@code scripts/crash.sh}) writes the table of docs/reliability.md.
 */
class HaTest {

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "postgres", "redis"})
    void threeInstancesOnOneStoreFinishEverythingOnceEachWhenOneIsKilled(String store) throws Exception {
        HaProbe.Outcome o = HaProbe.probe(Path.of("dtm-server/target/dtm-server.jar"), store, 90, 60);
        System.out.println("[ha] " + o.row());
        // Submits queued for the killed instance before the kill fail (the probe prints them): not promised. The
        // others must all be acknowledged; the share lost to the kill depends on the submit backlog at that moment.
        assertThat(o.acknowledged()).as("acknowledged: %s", o.row()).isGreaterThanOrEqualTo(70);
        assertThat(o.notFinal()).as("acknowledged transactions not final: %s", o.row()).isZero();
        assertThat(o.overlaps()).as("calls of a transaction made while another was in flight: %s", o.row()).isZero();
    }
}
