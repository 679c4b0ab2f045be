package io.dtm4j.server.internal.http;

import java.util.function.Function;

/**
 * One HTTP request as the router sees it, whatever server library received it: the body is complete and within
 * the configured limit.
 *
 * @param method the HTTP method
 * @param path the decoded path, without the query
 * @param rawQuery the query string as sent, or {@code null}
 * @param header looks a header up by name (case-insensitive), {@code null} when absent
 * @param body the body bytes
 */
public record ApiRequest(String method, String path, String rawQuery, Function<String, String> header, byte[] body) {
}
