package io.dtm4j.server;

import java.util.List;
import java.util.Objects;

/**
 * Production safeguards of a {@link DtmServer}, all off by default so that any DTM client works unchanged: an API
 * token ({@code Authorization: Bearer <token>}) on every endpoint or on the operator endpoints only, and the URL
 * prefixes that branch, back-check and callback URLs must start with (so the server cannot be made to call
 * arbitrary addresses). Immutable.
 *
 * <pre>{@code
 * ServerSecurity.builder().apiToken(System.getenv("DTM_TOKEN")).scope(ServerSecurity.TokenScope.ADMIN)
 *         .branchUrlPrefixes(List.of("http://orders.internal/", "http://stock.internal/")).build();
 * }</pre>
 */
public final class ServerSecurity {

    /** Which endpoints need the API token. */
    public enum TokenScope {
        /** Every endpoint except {@code /api/ping}. */
        ALL,
        /**
         * Only the operator endpoints: {@code forceStop}, {@code resetCronTime}, {@code resetNextCronTime}, topic
         * changes and KV reads ({@code subscribe}, {@code unsubscribe}, {@code DELETE topic}, {@code scanKV},
         * {@code queryKV}).
         */
        ADMIN
    }

    private static final ServerSecurity NONE = new ServerSecurity("", TokenScope.ALL, List.of());

    private final String apiToken;
    private final TokenScope scope;
    private final List<String> branchUrlPrefixes;

    private ServerSecurity(String apiToken, TokenScope scope, List<String> branchUrlPrefixes) {
        this.apiToken = apiToken;
        this.scope = scope;
        this.branchUrlPrefixes = List.copyOf(branchUrlPrefixes);
    }

    /**
     * No token and any branch URL: the official server's behaviour.
     *
     * @return the open settings
     */
    public static ServerSecurity none() {
        return NONE;
    }

    /**
     * A builder with nothing switched on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the API token, or "" when none is required */
    public String apiToken() {
        return apiToken;
    }

    /** @return which endpoints need the token */
    public TokenScope scope() {
        return scope;
    }

    /** @return the prefixes every URL the server calls must start with; empty allows any URL */
    public List<String> branchUrlPrefixes() {
        return branchUrlPrefixes;
    }

    /** Builds {@link ServerSecurity}. */
    public static final class Builder {
        private String apiToken = "";
        private TokenScope scope = TokenScope.ALL;
        private List<String> prefixes = List.of();

        private Builder() {
        }

        /** @param token the token clients send as {@code Authorization: Bearer <token>}; "" for none @return this */
        public Builder apiToken(String token) {
            this.apiToken = Objects.requireNonNull(token, "apiToken").strip();
            return this;
        }

        /** @param scope which endpoints need the token (default {@link TokenScope#ALL}) @return this */
        public Builder scope(TokenScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * @param prefixes URL prefixes such as {@code http://orders.internal:8080/}; every branch, back-check and
         *     callback URL must start with one, redirects included
         * @return this
         */
        public Builder branchUrlPrefixes(List<String> prefixes) {
            for (String p : prefixes) {
                if (p == null || !(p.startsWith("http://") || p.startsWith("https://")) || p.indexOf('/', 8) < 0) {
                    throw new IllegalArgumentException("branch URL prefix '" + p + "' must be an http(s) URL with"
                            + " a path, e.g. http://orders.internal:8080/ (the trailing slash stops"
                            + " http://orders.internal.evil from matching)");
                }
            }
            this.prefixes = List.copyOf(prefixes);
            return this;
        }

        /** @return the settings */
        public ServerSecurity build() {
            return new ServerSecurity(apiToken, scope, prefixes);
        }
    }
}
