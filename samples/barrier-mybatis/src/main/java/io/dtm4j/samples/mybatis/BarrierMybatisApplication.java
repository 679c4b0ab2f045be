package io.dtm4j.samples.mybatis;

import io.dtm4j.samples.support.Samples;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Saga participants whose data access is MyBatis: each {@code @DtmBarrier} handler calls a {@code @Mapper}, and
 * dtm-barrier-mybatis writes the barrier rows through its own mapper in the same {@code SqlSession}, so rows and
 * updates commit or roll back together. The story also sends DTM's hard cases by hand: a repeated call, a
 * compensation before its action, and the action arriving late.
 */
@SpringBootApplication
public class BarrierMybatisApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        Samples.main(BarrierMybatisApplication.class, args);
    }
}
