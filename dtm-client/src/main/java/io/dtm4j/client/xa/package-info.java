/**
 * The participant side of XA branches: {@link io.dtm4j.client.xa.XaLocalTransaction}.
 */
package io.dtm4j.client.xa;
