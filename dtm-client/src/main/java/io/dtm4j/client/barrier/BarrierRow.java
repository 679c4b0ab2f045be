package io.dtm4j.client.barrier;

/**
 * One row of the barrier table ({@code dtm_barrier.barrier}): the values a {@link BarrierRows} writer inserts.
 *
 * @param transType the transaction type ({@code saga}, {@code tcc}, {@code xa}, {@code msg})
 * @param gid the global transaction id
 * @param branchId the branch id
 * @param op the op this row stands for ({@code try}, {@code action}, {@code cancel}...)
 * @param barrierId the guarded call's number within the request ({@code 01}, {@code 02}...)
 * @param reason the op of the request that wrote the row ({@code rollback} for a message's back-check marker)
 */
public record BarrierRow(String transType, String gid, String branchId, String op, String barrierId,
        String reason) {
}
