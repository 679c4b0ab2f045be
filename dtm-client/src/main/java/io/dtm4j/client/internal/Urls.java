package io.dtm4j.client.internal;

import io.dtm4j.client.DtmException;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Validation of the URLs a user hands the client, before anything is sent.
 */
public final class Urls {

    /** Path of the DTM API on a server; appended when a server URL has no path. */
    public static final String API_PATH = "/api/dtmsvr";

    private Urls() {
    }

    /** Parses the DTM server URL; a bare {@code http://host:port} gets {@code /api/dtmsvr} appended. */
    public static HttpUrl server(String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new IllegalArgumentException("DTM server URL '" + url + "' is not an http(s) URL (use for example"
                    + " http://localhost:36789/api/dtmsvr)");
        }
        if (parsed.encodedPath().equals("/")) {
            return parsed.newBuilder().encodedPath(API_PATH).build();
        }
        String path = parsed.encodedPath();
        return path.endsWith("/") ? parsed.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build()
                : parsed;
    }

    public static HttpUrl operation(HttpUrl server, String operation) {
        return server.newBuilder().addPathSegment(operation).build();
    }

    /**
     * Checks a branch URL. {@code null} and {@code ""} mean "no call" where DTM allows it ({@code emptyAllowed});
     * anything else must be an absolute http(s) URL.
     *
     * @return the URL, or {@code ""} for an empty one
     */
    public static String branch(String url, String role, String gid, boolean emptyAllowed) {
        if (url == null || url.isEmpty()) {
            if (emptyAllowed) {
                return "";
            }
            throw invalid(url, role, gid, "it must not be empty");
        }
        if (HttpUrl.parse(url) == null) {
            throw invalid(url, role, gid, "it is not an absolute http(s) URL such as http://host:8080/api/transOut"
                    + (emptyAllowed ? ", nor empty for no call" : ""));
        }
        return url;
    }

    /** Parses a URL already checked by {@link #branch}, adding query parameters after any it has. */
    public static HttpUrl withQuery(String url, Map<String, String> query) {
        HttpUrl.Builder b = HttpUrl.get(url).newBuilder();
        query.forEach(b::addQueryParameter);
        return b.build();
    }

    private static DtmException invalid(String url, String role, String gid, String why) {
        return new DtmException("the " + role + " URL '" + url + "' of gid '" + gid + "' is invalid: " + why
                + " (fix the URL; nothing was sent)", null, DtmException.NO_STATUS, null, gid, null, null);
    }
}
