package com.example.shop;

import io.dtm4j.client.Saga;
import io.dtm4j.spring.DtmSelfUrl;
import io.dtm4j.spring.annotation.DtmBarrier;
import io.dtm4j.spring.annotation.DtmSaga;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A user's first dtm4j application: a saga over two guarded steps of its own, on embedded defaults. */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    /** The steps. */
    @RestController
    public static class Stock {
        private final JdbcTemplate jdbc;

        public Stock(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists stock (sku varchar(32) primary key, n int)");
            jdbc.execute("merge into stock key (sku) values ('apple', 10)");
        }

        @PostMapping("/reserve")
        @DtmBarrier
        public void reserve(@RequestBody Map<String, Integer> req) {
            jdbc.update("update stock set n = n - ? where sku = 'apple'", req.get("n"));
        }

        @PostMapping("/release")
        @DtmBarrier
        public void release(@RequestBody Map<String, Integer> req) {
            jdbc.update("update stock set n = n + ? where sku = 'apple'", req.get("n"));
        }
    }

    /** The initiator. */
    @Service
    public static class Orders {
        private final DtmSelfUrl self;

        public Orders(DtmSelfUrl self) {
            this.self = self;
        }

        @DtmSaga(waitResult = true)
        public String order(Saga saga, int n) {
            saga.add(self.of("/reserve"), self.of("/release"), Map.of("n", n));
            return saga.gid();
        }
    }
}
