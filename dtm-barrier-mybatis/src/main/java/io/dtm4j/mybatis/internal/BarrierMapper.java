package io.dtm4j.mybatis.internal;

import io.dtm4j.client.barrier.BarrierRow;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Lang;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;

/**
 * The barrier's statements as a MyBatis mapper, registered by {@code MybatisBarrier} in the session factory's
 * configuration. The table is a validated {@code schema.table} identifier; the dialect is a
 * {@code BarrierDialect} name. The dynamic SQL is MyBatis' own XML scripting, whatever the application's default
 * scripting language.
 */
public interface BarrierMapper {

    /**
     * Inserts a row unless one with the same unique key is there: {@code insert ignore} on MySQL/MariaDB,
     * {@code on conflict do nothing} on PostgreSQL, a plain insert on H2 (the caller maps its duplicate-key error).
     *
     * @param table the barrier table
     * @param dialect the dialect's name
     * @param row the row
     * @return rows inserted
     */
    @Lang(XMLLanguageDriver.class)
    @Insert({"<script>",
        "<choose><when test=\"dialect == 'MYSQL'\">insert ignore into ${table}</when>",
        "<otherwise>insert into ${table}</otherwise></choose>",
        "(trans_type, gid, branch_id, op, barrier_id, reason)",
        "values (#{row.transType}, #{row.gid}, #{row.branchId}, #{row.op}, #{row.barrierId}, #{row.reason})",
        "<if test=\"dialect == 'POSTGRES'\">on conflict (gid, branch_id, op, barrier_id) do nothing</if>",
        "</script>"})
    int insertIgnore(@Param("table") String table, @Param("dialect") String dialect, @Param("row") BarrierRow row);

    /**
     * The reason of a 2-phase message's barrier row: {@code msg} when its local transaction committed,
     * {@code rollback} when the back-check got there first.
     *
     * @param table the barrier table
     * @param gid the message's gid
     * @return the reason, or null without a row
     */
    @Select("select reason from ${table} where gid = #{gid} and branch_id = '00' and op = 'msg' and barrier_id = '01'")
    String msgReason(@Param("table") String table, @Param("gid") String gid);
}
