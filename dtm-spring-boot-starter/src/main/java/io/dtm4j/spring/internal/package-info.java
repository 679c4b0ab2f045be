/**
 * Internals of the starter (annotation parsing, advisor, interceptor): not API, may change in any release.
 */
package io.dtm4j.spring.internal;
