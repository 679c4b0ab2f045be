/**
 * The Redis subtransaction barrier over spring-data-redis.
 */
package io.dtm4j.spring.redis;
