package io.dtm4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class with an in-process DTM server ({@link DtmTestServer}) that test methods, constructors and
 * {@code @BeforeAll} methods receive as a parameter (a {@link io.dtm4j.client.DtmClient} too). Faults and
 * recorded calls are reset before each test.
 *
 * <pre>{@code
 * @DtmServerTest
 * class TransferTest {
 *     @Test
 *     void movesTheMoney(DtmTestServer dtm) { ... dtm.url() ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DtmServerExtension.class)
public @interface DtmServerTest {

    /**
     * Whether the classes of the whole test run share one server (started by the first, stopped at the end of the
     * run) instead of one per class.
     *
     * @return {@code false} (one server per class) by default
     */
    boolean shared() default false;
}
