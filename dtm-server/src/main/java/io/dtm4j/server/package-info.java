/**
 * A Java DTM server, wire- and schema-compatible with the official Go server. Not implemented yet: see issue 4.
 */
package io.dtm4j.server;
