package io.dtm4j.samples.msg;

import io.dtm4j.spring.autoconfigure.DtmClientCustomizer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;

/**
 * Simulates the crash a 2-phase message is built for: armed, the next submit to DTM is lost after the local
 * commit, as if the application had died right then. DTM then asks the query-prepared endpoint.
 */
@Component
public class CrashBeforeSubmit implements DtmClientCustomizer {

    private final AtomicBoolean armed = new AtomicBoolean();

    /** Loses the next submit. */
    public void arm() {
        armed.set(true);
    }

    @Override
    public void customize(io.dtm4j.client.DtmClientBuilder builder) {
        builder.httpClient(new OkHttpClient.Builder().addInterceptor(chain -> {
            if (chain.request().url().encodedPath().endsWith("/submit") && armed.compareAndSet(true, false)) {
                throw new IOException("simulated crash between the local commit and the submit");
            }
            return chain.proceed(chain.request());
        }).build());
    }
}
