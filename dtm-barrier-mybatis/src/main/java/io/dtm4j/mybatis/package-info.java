/**
 * The DTM subtransaction barrier on MyBatis. Not implemented yet: see issue 6.
 */
package io.dtm4j.mybatis;
