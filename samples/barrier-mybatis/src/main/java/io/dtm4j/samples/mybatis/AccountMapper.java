package io.dtm4j.samples.mybatis;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * The accounts, through MyBatis ({@code dtm_busi.mybatis_account}).
 */
@Mapper
public interface AccountMapper {

    /**
     * Adds to a balance unless it would go below zero.
     *
     * @param user the account
     * @param amount the change
     * @return rows changed: 0 when the account is missing or too poor
     */
    @Update("update dtm_busi.mybatis_account set balance = balance + #{amount}"
            + " where user_id = #{user} and balance + #{amount} >= 0")
    int add(@Param("user") String user, @Param("amount") int amount);

    /**
     * Every balance, as rows.
     *
     * @return rows of user_id and balance
     */
    @Select("select user_id, balance from dtm_busi.mybatis_account order by user_id")
    List<Map<String, Object>> rows();

    /**
     * Every balance.
     *
     * @return account to balance, sorted
     */
    default Map<String, Integer> balances() {
        Map<String, Integer> balances = new TreeMap<>();
        for (Map<String, Object> row : rows()) {
            Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            columns.putAll(row);
            balances.put((String) columns.get("user_id"), ((Number) columns.get("balance")).intValue());
        }
        return balances;
    }
}
