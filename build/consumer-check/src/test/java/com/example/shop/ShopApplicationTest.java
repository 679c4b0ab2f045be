package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.TransStatus;
import io.dtm4j.test.BranchFault;
import io.dtm4j.test.DtmTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {

    @Autowired
    DtmTestServer dtm;
    @Autowired
    ShopApplication.Orders orders;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anOrderReservesOnceEvenWhenDeliveredTwice() {
        dtm.inject(BranchFault.callTwice().on("/reserve"));

        String gid = orders.order(null, 3);

        dtm.awaitStatus(gid, TransStatus.SUCCEED);
        assertThat(dtm.callSummary(gid)).containsExactly("01 action SUCCESS", "01 action SUCCESS");
        assertThat(jdbc.queryForObject("select n from stock where sku = 'apple'", Integer.class)).isEqualTo(7);
    }
}
