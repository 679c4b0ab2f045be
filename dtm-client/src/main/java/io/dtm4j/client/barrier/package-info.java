/**
 * The subtransaction barrier: barrier table dialects and schema. (The barrier itself arrives with issue 3.)
 */
package io.dtm4j.client.barrier;
