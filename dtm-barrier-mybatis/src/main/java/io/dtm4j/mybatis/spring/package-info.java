/**
 * The MyBatis barrier in Spring: {@code @DtmBarrier} rows written by the barrier mapper in the transaction's
 * {@code SqlSession}.
 */
package io.dtm4j.mybatis.spring;
