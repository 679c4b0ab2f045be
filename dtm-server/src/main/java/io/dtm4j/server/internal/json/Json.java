package io.dtm4j.server.internal.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The server's one {@link ObjectMapper}: thread-safe, shared by the HTTP layer, the engine and the stores. */
public final class Json {

    /** The mapper; nesting is bounded so a hostile body cannot exhaust the stack. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    /**
     * Shortens a value quoted in an error message or a log line to 200 characters.
     *
     * @param text the value
     * @return the text, or its first 200 characters followed by "...(N chars)"
     */
    public static String truncate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)";
    }

    /**
     * A value fit for one log line: truncated, with line breaks and other control characters escaped so that a
     * client cannot forge log lines.
     *
     * @param text the value
     * @return the text to log
     */
    public static String loggable(String text) {
        String t = truncate(text);
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
