package io.dtm4j.samples.xa;

/**
 * A transfer between the banks: the JSON of both branches.
 *
 * @param from the account at bank 1
 * @param to the account at bank 2
 * @param amount how much
 */
public record XaTransfer(String from, String to, int amount) {
}
