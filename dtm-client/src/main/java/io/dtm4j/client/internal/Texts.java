package io.dtm4j.client.internal;

/**
 * Shortening of answer bodies quoted in messages.
 */
public final class Texts {

    private static final int MAX = 400;

    private Texts() {
    }

    public static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "...(" + oneLine.length()
                + " chars)";
    }

    /** The text DTM stores as a rollback reason for an exception. */
    public static String reason(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getName() : message;
    }
}
