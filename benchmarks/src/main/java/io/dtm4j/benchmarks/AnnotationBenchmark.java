package io.dtm4j.benchmarks;

import io.dtm4j.client.Saga;
import io.dtm4j.spring.DtmTemplate;
import io.dtm4j.spring.annotation.DtmSaga;
import io.dtm4j.spring.autoconfigure.DtmAnnotationAutoConfiguration;
import io.dtm4j.spring.autoconfigure.DtmAutoConfiguration;
import io.dtm4j.spring.autoconfigure.DtmClientCustomizer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cost of {@code @DtmSaga} over the same saga built with {@code DtmTemplate}: both send {@code newGid} and
 * {@code submit} through the client to a stub that answers inside OkHttp (no socket), so the difference is the
 * advisor, the parsed definition, the context binding and the parameter injection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnnotationBenchmark {

    private static final String RM = "http://rm.example:8080/api";
    private static final Map<String, Integer> PAYLOAD = Map.of("amount", 30);

    private AnnotationConfigApplicationContext context;
    private DtmTemplate template;
    private Transfers transfers;

    /** The annotated initiator. */
    public static class Transfers {
        @DtmSaga
        public String transfer(Saga saga) {
            saga.add(RM + "/transOut", RM + "/transOutCompensate", PAYLOAD)
                    .add(RM + "/transIn", RM + "/transInCompensate", PAYLOAD);
            return saga.gid();
        }
    }

    /** The stub server and the initiator bean. */
    @Configuration
    public static class Stub {
        private final AtomicLong gids = new AtomicLong();

        @Bean
        public DtmClientCustomizer stubTransport() {
            MediaType json = MediaType.get("application/json");
            return builder -> builder.httpClient(new OkHttpClient.Builder().addInterceptor(chain -> {
                String body = chain.request().url().encodedPath().endsWith("/newGid")
                        ? "{\"gid\":\"bench-" + gids.incrementAndGet() + "\",\"dtm_result\":\"SUCCESS\"}"
                        : "{\"dtm_result\":\"SUCCESS\"}";
                return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200)
                        .message("OK").body(ResponseBody.create(body, json)).build();
            }).build());
        }

        @Bean
        public Transfers transfers() {
            return new Transfers();
        }
    }

    @Setup
    public void setup() {
        context = new AnnotationConfigApplicationContext();
        context.register(DtmAutoConfiguration.class, DtmAnnotationAutoConfiguration.class, Stub.class);
        context.refresh();
        template = context.getBean(DtmTemplate.class);
        transfers = context.getBean(Transfers.class);
    }

    @TearDown
    public void close() {
        context.close();
    }

    @Benchmark
    public String templateSaga() {
        return template.saga(saga -> saga.add(RM + "/transOut", RM + "/transOutCompensate", PAYLOAD)
                .add(RM + "/transIn", RM + "/transInCompensate", PAYLOAD));
    }

    @Benchmark
    public String annotatedSaga() {
        return transfers.transfer(null);
    }
}
