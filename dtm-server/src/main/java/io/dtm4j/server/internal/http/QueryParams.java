package io.dtm4j.server.internal.http;

import io.dtm4j.server.internal.engine.ApiException;
import io.dtm4j.server.internal.engine.Limits;
import io.dtm4j.server.internal.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Query parameters of the GET endpoints, decoded and checked: a bad one answers 400 naming it and its rule. */
final class QueryParams {

    private QueryParams() {
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                map.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query parameter '" + Json.truncate(pair) + "' is not URL-encoded"
                        + " correctly: " + e.getMessage() + " (percent-encode it, e.g. %20 for a space)");
            }
        }
        return map;
    }

    static long number(Map<String, String> q, String op, String name, long fallback, long min, long max) {
        String value = q.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(op + ": query parameter '" + name + "' = \"" + Json.truncate(value)
                    + "\" must be a whole number (e.g. " + name + "=" + fallback + ")");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest(op + ": query parameter '" + name + "' = " + v + " must be between " + min
                    + " and " + max);
        }
        return v;
    }

    /** The paging position of {@code all} and {@code scanKV}: "" or the row id the previous page ended at. */
    static String position(Map<String, String> q, String op) {
        String value = q.getOrDefault("position", "");
        if (!value.isEmpty()) {
            number(q, op, "position", 0, 0, Long.MAX_VALUE);
        }
        return value;
    }

    /** A short filter word such as a status or a trans type. */
    static String word(Map<String, String> q, String op, String name) {
        String value = q.getOrDefault(name, "");
        if (value.length() > Limits.MAX_OP) {
            throw ApiException.badRequest(op + ": query parameter '" + name + "' = \"" + Json.truncate(value)
                    + "\" is longer than " + Limits.MAX_OP + " characters");
        }
        return value;
    }

    static String gid(Map<String, String> q, String op, boolean required) {
        String gid = q.getOrDefault("gid", "");
        if (gid.isEmpty()) {
            if (required) {
                throw ApiException.badRequest("no gid specified (" + op + "?gid=<gid>)");
            }
            return gid;
        }
        return checkGid(gid, op);
    }

    static String checkGid(String gid, String op) {
        if (gid.length() > Limits.MAX_ID) {
            throw ApiException.badRequest(op + ": gid \"" + Json.truncate(gid) + "\" is longer than "
                    + Limits.MAX_ID + " characters, so no transaction has it");
        }
        return gid;
    }
}
