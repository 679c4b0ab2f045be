/**
 * Spring Boot integration for DTM: {@link io.dtm4j.spring.DtmTemplate} (the programmatic entry), the
 * {@code @DtmSaga} / {@code @DtmTcc} annotations (in {@code io.dtm4j.spring.annotation}) woven by an advisor, and
 * {@link io.dtm4j.spring.DtmContext}, the transaction bound to the running annotated method.
 */
package io.dtm4j.spring;
