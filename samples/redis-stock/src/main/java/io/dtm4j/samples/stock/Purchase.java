package io.dtm4j.samples.stock;

/**
 * One purchase: the JSON of the public endpoint and of every branch call.
 *
 * @param sku the item
 * @param buyer who buys it
 */
public record Purchase(String sku, String buyer) {
}
