package io.dtm4j.mybatis;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The business mapper of the tests: one account table. */
public interface AccountMapper {

    String TABLE = "dtm_busi.mybatis_account";

    @Update("update " + TABLE + " set balance = balance + #{amount} where user_id = #{user}")
    int add(@Param("user") String user, @Param("amount") int amount);

    @Select("select balance from " + TABLE + " where user_id = #{user}")
    Integer balance(@Param("user") String user);
}
