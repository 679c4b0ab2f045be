package io.dtm4j.spring;

/**
 * A wrong use of the starter found while the application starts (or at a branch's first call): an annotation on a
 * method it cannot serve, a DataSource or transaction manager name that does not exist, a missing barrier table, an
 * invalid server URL. The message says what is wrong and ends with the remedy in parentheses; Spring Boot's
 * failure analysis prints the two apart.
 */
public class DtmConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, then the remedy in parentheses
     */
    public DtmConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, then the remedy in parentheses
     * @param cause the underlying error
     */
    public DtmConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The part of the message before the remedy.
     *
     * @return the description
     */
    public String description() {
        String m = getMessage();
        int i = remedyStart(m);
        return i < 0 ? m : m.substring(0, i).strip();
    }

    /**
     * The remedy, without its parentheses.
     *
     * @return the remedy, or a generic hint when the message has none
     */
    public String remedy() {
        String m = getMessage();
        int i = remedyStart(m);
        return i < 0 ? "Check the dtm.* settings and the DTM annotations named above." : m.substring(i + 2,
                m.length() - 1).strip();
    }

    private static int remedyStart(String m) {
        if (m == null || !m.endsWith(")")) {
            return -1;
        }
        int depth = 0;
        for (int i = m.length() - 1; i >= 0; i--) {
            char c = m.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i > 0 && m.charAt(i - 1) == ' ' ? i - 1 : -1;
            }
        }
        return -1;
    }
}
