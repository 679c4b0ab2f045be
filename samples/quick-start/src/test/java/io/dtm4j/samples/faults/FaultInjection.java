package io.dtm4j.samples.faults;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Faults on the branch calls DTM makes to a bank, chosen at random (seeded, but drawn by many request threads, so
 * not the same calls run to run): ONGOING before the work, an
 * error before the work, a reply that times out after the work, and a reply lost after the work (so DTM calls the
 * branch again). Counted per kind.
 */
@Configuration(proxyBeanMethods = false)
public class FaultInjection {

    /** The kinds of fault. */
    public enum Kind { ONGOING, ERROR, TIMEOUT, LOST_REPLY }

    /** How long a timed-out reply is held: longer than the transfers' request timeout of one second. */
    public static final long TIMEOUT_MILLIS = 1_500;

    private static final Map<Kind, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final Random RANDOM = new Random(Long.getLong("faults.seed", 7));

    /**
     * The faults injected so far, in every bank of this JVM.
     *
     * @param kind the kind
     * @return how many
     */
    public static int count(Kind kind) {
        return COUNTS.computeIfAbsent(kind, k -> new AtomicInteger()).get();
    }

    private static Kind draw() {
        double r;
        synchronized (RANDOM) {
            r = RANDOM.nextDouble();
        }
        Kind kind = r < 0.07 ? Kind.ONGOING : r < 0.14 ? Kind.ERROR : r < 0.17 ? Kind.TIMEOUT
                : r < 0.25 ? Kind.LOST_REPLY : null;
        if (kind != null) {
            COUNTS.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
        return kind;
    }

    /**
     * The filter, on the bank's branch handlers only.
     *
     * @return its registration
     */
    @Bean
    public FilterRegistrationBean<OncePerRequestFilter> faults() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Faults());
        registration.addUrlPatterns("/api/busi/*");
        return registration;
    }

    private static final class Faults extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Kind kind = draw();
            if (kind == Kind.ONGOING) {
                answer(response, 425, "{\"dtm_result\":\"ONGOING\",\"message\":\"injected: try later\"}");
                return;
            }
            if (kind == Kind.ERROR) {
                answer(response, 500, "{\"message\":\"injected: database unavailable\"}");
                return;
            }
            ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, wrapper);
            if (kind == Kind.TIMEOUT) {
                try {
                    Thread.sleep(TIMEOUT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (kind == Kind.LOST_REPLY) {
                wrapper.resetBuffer();
                answer(response, 500, "{\"message\":\"injected: the reply was lost after the work\"}");
                return;
            }
            wrapper.copyBodyToResponse();
        }

        private static void answer(HttpServletResponse response, int status, String body) throws IOException {
            response.setStatus(status);
            response.setContentType("application/json");
            response.getWriter().write(body);
        }
    }
}
