/**
 * Choosing the store of an embedded server: {@link io.dtm4j.server.store.Stores}.
 */
package io.dtm4j.server.store;
