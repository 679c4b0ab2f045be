package io.dtm4j.samples.mybatis;

/**
 * A transfer: the JSON of every branch call.
 *
 * @param from the debited account
 * @param to the credited account
 * @param amount how much
 */
public record Transfer(String from, String to, int amount) {
}
