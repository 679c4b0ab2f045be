/**
 * Feign support for DTM: {@link io.dtm4j.feign.DtmContextInterceptor} carries the branch a handler serves to the
 * services it calls, auto-configured by {@link io.dtm4j.feign.DtmFeignAutoConfiguration}.
 */
package io.dtm4j.feign;
