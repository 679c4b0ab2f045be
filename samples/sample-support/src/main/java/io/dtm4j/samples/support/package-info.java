/**
 * What the samples share: the embedded DTM server and the printed branch calls.
 */
package io.dtm4j.samples.support;
