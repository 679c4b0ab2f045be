package io.dtm4j.samples.tcc;

/**
 * One side of a transfer at one bank: the JSON of the try, confirm and cancel calls.
 *
 * @param user the account
 * @param amount the change: negative for the sender, positive for the receiver
 */
public record Move(String user, int amount) {
}
