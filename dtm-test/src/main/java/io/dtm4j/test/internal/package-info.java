/** The test kit's plumbing; not API. */
package io.dtm4j.test.internal;
