package io.dtm4j.server.internal.engine;

import io.dtm4j.server.internal.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The rules every request meets before anything is stored, the same for HTTP and JSON-RPC: gids, URLs the server
 * will call (a known scheme, the configured allowlist), branch headers it will send, and payload sizes the store
 * can hold. What it accepts the engine can process without getting stuck.
 */
public final class Validation {

    /** Headers a client may not set on branch calls: the connection's own, and the target host. */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "connection", "keep-alive",
            "proxy-connection", "proxy-authorization", "transfer-encoding", "te", "trailer", "upgrade",
            "content-length");

    private final List<String> urlPrefixes;
    private final int maxPayloadBytes;

    public Validation(List<String> urlPrefixes, int maxPayloadBytes) {
        this.urlPrefixes = List.copyOf(urlPrefixes);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The URL prefixes branch calls are limited to; empty for any. */
    public List<String> urlPrefixes() {
        return urlPrefixes;
    }

    /**
     * Reads and checks a gid: a string, the official escaping (newlines and semicolons deleted), then non-empty,
     * at most 128 characters, no control characters.
     */
    String gid(Fields f) {
        String gid = f.string("gid", Integer.MAX_VALUE);
        gid = gid.replace("\n", "").replace("\r", "").replace(";", "");
        if (gid.isBlank()) {
            throw f.invalid("gid", '"' + gid + '"', "is required (send a unique id, e.g. from GET"
                    + " /api/dtmsvr/newGid)");
        }
        checkGid(f, gid);
        f.gid(gid);
        return gid;
    }

    void checkGid(Fields f, String gid) {
        f.text("gid", gid, Limits.MAX_ID);
        for (int i = 0; i < gid.length(); i++) {
            char c = gid.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw f.invalid("gid", '"' + gid + '"', "contains the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " (use letters, digits and -_.:)");
            }
        }
    }

    /** Where a URL comes from: which schemes it may have. */
    enum UrlKind {
        /** A branch the server calls: http(s), or empty for "nothing to call". */
        BRANCH,
        /** A msg step's action: a branch URL or {@code topic://name}. */
        MSG_ACTION
    }

    /** Checks a URL the server will call; "" (no call) passes. */
    void url(Fields f, String field, String url, UrlKind kind) {
        if (url.isEmpty()) {
            return;
        }
        f.text(field, url, Limits.MAX_TEXT);
        if (kind == UrlKind.MSG_ACTION && url.startsWith("topic://")) {
            if (url.length() == "topic://".length()) {
                throw f.invalid(field, '"' + url + '"', "names no topic (use topic://<name>)");
            }
            return;
        }
        boolean http = url.startsWith("http://") || url.startsWith("https://");
        if (!http || HttpUrl.parse(url) == null) {
            String rule = http ? "is not a valid URL" : url.contains("://") ? "has a scheme this server cannot call"
                    : "looks like a gRPC target, and this server calls HTTP branches only";
            throw f.invalid(field, '"' + url + '"', rule + " (use http://host:port/path"
                    + (kind == UrlKind.MSG_ACTION ? " or topic://<name>" : "") + ")");
        }
        if (!allowed(url)) {
            throw f.invalid(field, '"' + url + '"', "is outside the URLs this server may call (allowed prefixes: "
                    + Json.truncate(String.join(", ", urlPrefixes)) + "; ask the operator to add yours)");
        }
    }

    /** Whether a URL starts with one of the allowed prefixes (any URL when none is set). */
    public boolean allowed(String url) {
        if (urlPrefixes.isEmpty()) {
            return true;
        }
        for (String p : urlPrefixes) {
            if (url.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Checks branch headers: HTTP token names, visible ASCII values, none of the connection's own headers. */
    Map<String, String> headers(Fields f, Map<String, String> headers) {
        if (headers.size() > Limits.MAX_BRANCH_HEADERS) {
            throw f.invalid("branch_headers", Json.MAPPER.valueToTree(headers), "has " + headers.size()
                    + " headers; at most " + Limits.MAX_BRANCH_HEADERS + " are allowed");
        }
        headers.forEach((name, value) -> {
            if (name.isEmpty() || !name.chars().allMatch(Validation::tokenChar)) {
                throw f.invalid("branch_headers", '"' + name + '"', "is not a valid HTTP header name (letters,"
                        + " digits and !#$%&'*+-.^_`|~ only)");
            }
            if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw f.invalid("branch_headers", '"' + name + '"', "may not be set: the server's HTTP client"
                        + " manages it (remove it)");
            }
            if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
                throw f.invalid("branch_headers." + name, '"' + value + '"', "must be visible ASCII text, as HTTP"
                        + " header values are sent (encode other characters, e.g. as percent-encoding)");
            }
        });
        return headers;
    }

    /** Checks that a payload fits the store's column. */
    void payload(Fields f, String field, byte[] payload) {
        if (payload.length > maxPayloadBytes) {
            throw f.invalid(field, new String(payload, 0, Math.min(200, payload.length),
                    java.nio.charset.StandardCharsets.UTF_8),
                    "is " + payload.length + " bytes; the store holds at most " + maxPayloadBytes + " per payload");
        }
    }

    private static boolean tokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
