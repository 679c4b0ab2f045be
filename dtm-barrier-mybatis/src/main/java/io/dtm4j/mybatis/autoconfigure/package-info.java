/**
 * Spring Boot auto-configuration of the MyBatis barrier.
 */
package io.dtm4j.mybatis.autoconfigure;
