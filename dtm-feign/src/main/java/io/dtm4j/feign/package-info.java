/**
 * Feign support for DTM: request interceptors that carry gid, trans_type, branch_id and op, and TCC tries as
 * Feign calls. Not implemented yet: see issue 6.
 */
package io.dtm4j.feign;
