/**
 * Test support for applications that use DTM: {@link io.dtm4j.test.DtmTestServer}, an in-process DTM server that
 * records and can disturb every call to the application's branches ({@link io.dtm4j.test.BranchFault}); the JUnit 5
 * extension {@link io.dtm4j.test.DtmServerExtension} (or {@link io.dtm4j.test.DtmServerTest}) that starts one per
 * class or per run; and, with Spring's test framework on the class path, a context customizer that points
 * {@code dtm.server-url} at one when the test sets no URL of its own.
 */
package io.dtm4j.test;
