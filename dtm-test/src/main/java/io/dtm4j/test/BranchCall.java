package io.dtm4j.test;

import io.dtm4j.client.DtmResult;
import java.time.Instant;

/**
 * One call the test server made to a branch, as recorded by {@link DtmTestServer}: what was called, what came back
 * and whether a {@link BranchFault} was at work.
 *
 * @param gid the global transaction id
 * @param branchId the branch id, for example {@code 01}
 * @param op the operation: {@code action}, {@code compensate}, {@code try}, {@code confirm}, {@code cancel},
 *     {@code rollback}, {@code commit}, ...
 * @param url the URL called, without the query DTM adds
 * @param status the HTTP status the server saw, 0 when the call failed without an answer
 * @param answer the answer's body (at most 2,000 characters), or the transport error
 * @param outcome what the answer means to DTM
 * @param fault the fault that shaped this call, or {@code null} for a plain call
 * @param reachedApplication whether the application received the call ({@code false} when a fault answered in its
 *     place)
 * @param at when the call ended
 */
public record BranchCall(String gid, String branchId, String op, String url, int status, String answer,
        DtmResult outcome, String fault, boolean reachedApplication, Instant at) {

    /**
     * The call in a few words for assertions on the ordered history: branch id, op and outcome, as in
     * {@code "01 action SUCCESS"}.
     *
     * @return the summary
     */
    public String summary() {
        return branchId + " " + op + " " + outcome;
    }

    @Override
    public String toString() {
        return summary() + " (" + url + " answered " + (status == 0 ? "nothing" : "HTTP " + status)
                + (answer.isBlank() ? "" : " " + answer) + (fault == null ? "" : "; fault: " + fault)
                + (reachedApplication ? "" : "; the application was not called") + ")";
    }
}
