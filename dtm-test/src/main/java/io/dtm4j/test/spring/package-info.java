/**
 * Spring test support: {@link io.dtm4j.test.spring.DtmTestContextCustomizerFactory} points {@code dtm.server-url}
 * at an in-process {@link io.dtm4j.test.DtmTestServer} in every Spring test context that sets none.
 */
package io.dtm4j.test.spring;
