package io.dtm4j.client;

/**
 * The barrier of a 2-phase message found that the back-check already decided "rolled back": the local work must
 * not commit now. {@link Msg#doAndSubmit(String, MsgLocalWork)} then learns the outcome from the query-prepared
 * endpoint and aborts the message.
 */
public class DtmDuplicatedException extends DtmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param gid the message's gid
     */
    public DtmDuplicatedException(String message, String gid) {
        super(message, null, NO_STATUS, null, gid, "00", "msg");
    }
}
