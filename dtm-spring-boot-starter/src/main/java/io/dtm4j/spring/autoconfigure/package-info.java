/**
 * Auto-configuration of the DTM starter: {@link io.dtm4j.spring.autoconfigure.DtmProperties} ({@code dtm.*}),
 * the client and template, and the annotation advisor, one auto-configuration per concern.
 */
package io.dtm4j.spring.autoconfigure;
