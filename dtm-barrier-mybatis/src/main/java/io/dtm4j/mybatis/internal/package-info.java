/**
 * Internals of the MyBatis barrier: its mapper and row writer. Not API.
 */
package io.dtm4j.mybatis.internal;
