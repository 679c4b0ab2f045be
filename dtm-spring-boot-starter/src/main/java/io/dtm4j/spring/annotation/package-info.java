/**
 * Annotations that make a method the boundary of a DTM global transaction: {@link io.dtm4j.spring.annotation.DtmSaga}
 * and {@link io.dtm4j.spring.annotation.DtmTcc}. They are woven by an advisor that the starter registers; no
 * AspectJ weaver is needed.
 */
package io.dtm4j.spring.annotation;
