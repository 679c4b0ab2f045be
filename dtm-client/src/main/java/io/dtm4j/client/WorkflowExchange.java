package io.dtm4j.client;

import java.util.Map;

/**
 * An HTTP exchange made by another client (Feign, Spring's {@code RestClient}...) as a branch's call of a
 * workflow, given to {@link Workflow#exchange(WorkflowExchange)}: sends the request with the branch's query
 * parameters added and reads the answer whole.
 */
@FunctionalInterface
public interface WorkflowExchange {

    /**
     * Sends the request.
     *
     * @param branchQuery {@code gid}, {@code trans_type}, {@code branch_id} and {@code op}, to put on the URL
     * @return the answer
     * @throws Exception when it cannot be sent (not recorded)
     */
    Answer send(Map<String, String> branchQuery) throws Exception;

    /**
     * The answer: a live one, or one replayed from the record of an earlier run (200 for a recorded success, 409
     * for a recorded failure; then {@code live} is {@code null}).
     *
     * @param status the HTTP status
     * @param body the body
     * @param live the client's own response object for a live answer, else {@code null}
     * @param outcome what the answer means, by the workflows' mapping ({@code null} when the exchange builds it)
     */
    record Answer(int status, byte[] body, Object live, DtmResult outcome) {

        /**
         * A live answer, before it is classified.
         *
         * @param status the HTTP status
         * @param body the body
         * @param live the client's own response object
         */
        public Answer(int status, byte[] body, Object live) {
            this(status, body, live, null);
        }

        /**
         * Throws for a FAILURE or ONGOING answer, as {@link Workflow#call(okhttp3.Request)} does, so that the
         * workflow fails (or waits) whatever client made the call; any other answer is returned.
         *
         * @param request the request, for the message (method and URL)
         * @param wf the workflow
         * @return this answer, when it is neither
         * @throws DtmFailureException on FAILURE
         * @throws DtmOngoingException on ONGOING
         */
        public Answer throwIfFailureOrOngoing(String request, Workflow wf) {
            if (outcome != DtmResult.FAILURE && outcome != DtmResult.ONGOING) {
                return this;
            }
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            String where = request + " [gid='" + wf.gid() + "', branch_id='" + wf.branchId() + "'] answered "
                    + outcome + " (HTTP " + status + "): '" + (text.length() > 300 ? text.substring(0, 300) + "..."
                    : text) + "'";
            if (outcome == DtmResult.FAILURE) {
                throw new DtmFailureException(where + " (a FAILURE is final: the workflow rolls back)", status, text,
                        wf.gid(), wf.branchId(), null);
            }
            throw new DtmOngoingException(where + " (the workflow is resumed later)", status, text, wf.gid(),
                    wf.branchId(), null);
        }
    }
}
