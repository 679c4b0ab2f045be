/**
 * Implementation details of the client: HTTP transport, wire bodies, parsing. Not API: anything here may change
 * in any release.
 */
package io.dtm4j.client.internal;
