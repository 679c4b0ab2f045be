/**
 * The DTM subtransaction barrier on MyBatis: {@link io.dtm4j.mybatis.MybatisBarrier} writes the barrier rows
 * through a mapper in the business mappers' own {@code SqlSession}; with mybatis-spring, {@code @DtmBarrier}
 * methods do so in the Spring transaction's session.
 */
package io.dtm4j.mybatis;
