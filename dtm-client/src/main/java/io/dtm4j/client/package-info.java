/**
 * The plain Java DTM client. Start with {@link io.dtm4j.client.DtmClient}.
 */
package io.dtm4j.client;
