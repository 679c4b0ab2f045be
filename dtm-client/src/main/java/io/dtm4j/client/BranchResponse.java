package io.dtm4j.client;

/**
 * The successful answer of a branch the initiator called itself (a TCC try, an XA branch).
 *
 * @param branchId the branch id the call was made with
 * @param status HTTP status (200)
 * @param body the answer's body
 */
public record BranchResponse(String branchId, int status, String body) {
}
