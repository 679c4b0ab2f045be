package io.dtm4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.samples.faults.FaultInjection.Kind;
import io.dtm4j.samples.faults.FaultInjection;
import io.dtm4j.samples.support.ManualClock;
import io.dtm4j.test.DtmTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hundreds of concurrent transfers between accounts held by three banks (on MariaDB, PostgreSQL and H2), with
 * branches answering FAILURE, ONGOING and errors, timing out, and having their reply lost after the work (so they
 * run twice): at the end every gid is final and every balance is what the succeeded transfers say.
 */
class BankInvariantTest {

    private static final int TRANSFERS = 300;
    private static final int ACCOUNTS_PER_BANK = 4;
    private static final int OPENING_BALANCE = 1_000;

    private final ManualClock clock = new ManualClock();
    private final List<ConfigurableApplicationContext> banks = new ArrayList<>();
    private DtmTestServer server;

    private record Transfer(String gid, int from, int to, int amount) {
    }

    @AfterEach
    void stop() {
        banks.forEach(ConfigurableApplicationContext::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyTransferEndsAndNoMoneyIsMadeOrLost() throws Exception {
        server = DtmTestServer.builder().configure(c -> c.cronEnabled(false).clock(clock)).start();
        String[] urls = {TestDatabases.MARIADB_URL, TestDatabases.POSTGRES_URL,
            "jdbc:h2:mem:inv-bank;DB_CLOSE_DELAY=-1"};
        List<String> accounts = new ArrayList<>();
        List<String> bankUrls = new ArrayList<>();
        for (int b = 0; b < urls.length; b++) {
            if (b < 2) {
                TestDatabases.byName(b == 0 ? "mariadb" : "postgres");
            }
            ConfigurableApplicationContext bank = new SpringApplicationBuilder(QuickStartApplication.class,
                    FaultInjection.class).run("--sample.run=false", "--sample.exit=false", "--sample.print-calls=false",
                    "--spring.datasource.url=" + urls[b], "--dtm.server-url=" + server.url(),
                    "--server.tomcat.threads.max=64");
            banks.add(bank);
            bankUrls.add("http://127.0.0.1:" + bank.getEnvironment().getProperty("local.server.port") + "/api/busi");
            JdbcTemplate jdbc = bank.getBean(JdbcTemplate.class);
            jdbc.update("delete from " + Accounts.TABLE + " where user_id like 'inv-%'");
            for (int a = 0; a < ACCOUNTS_PER_BANK; a++) {
                String user = "inv-" + b + "-" + a;
                jdbc.update("insert into " + Accounts.TABLE + " (user_id, balance) values (?, ?)", user,
                        OPENING_BALANCE);
                accounts.add(user);
            }
        }
        int total = accounts.size() * OPENING_BALANCE;

        List<Transfer> transfers = submitConcurrently(accounts, bankUrls);
        Map<String, TransStatus> finals = driveToTheEnd(transfers);

        Map<String, Integer> expected = new HashMap<>();
        accounts.forEach(a -> expected.put(a, OPENING_BALANCE));
        int succeeded = 0;
        for (Transfer t : transfers) {
            assertThat(finals.get(t.gid())).as("gid %s", t.gid()).isIn(TransStatus.SUCCEED, TransStatus.FAILED);
            if (finals.get(t.gid()) == TransStatus.SUCCEED) {
                succeeded++;
                expected.merge(accounts.get(t.from()), -t.amount(), Integer::sum);
                expected.merge(accounts.get(t.to()), t.amount(), Integer::sum);
            }
        }
        Map<String, Integer> actual = balances();
        int after = actual.values().stream().mapToInt(Integer::intValue).sum();
        Map<Kind, Integer> faults = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            faults.put(k, FaultInjection.count(k));
        }
        System.out.printf("bank invariant: %d transfers over 3 banks (MariaDB, PostgreSQL, H2): %d succeed, %d failed;"
                + " faults injected on branch calls: %s; total balance %d before, %d after; every balance as the"
                + " succeeded transfers say: %s%n", TRANSFERS, succeeded, TRANSFERS - succeeded, faults, total, after,
                actual.equals(expected));

        assertThat(after).isEqualTo(total);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values()).allMatch(v -> v >= 0);
        assertThat(succeeded).as("some succeed").isPositive();
        assertThat(TRANSFERS - succeeded).as("some fail").isPositive();
        assertThat(faults.values()).as("every kind of fault happened").allMatch(n -> n > 0);
    }

    private List<Transfer> submitConcurrently(List<String> accounts, List<String> bankUrls) throws Exception {
        DtmClient dtm = server.client();
        Random random = new Random(42);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Transfer>> submitted = new ArrayList<>();
            for (int i = 0; i < TRANSFERS; i++) {
                int from = random.nextInt(accounts.size());
                int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                int amount = 1 + random.nextInt(400);
                boolean transInFails = random.nextInt(100) < 10;
                String out = bankUrls.get(from / ACCOUNTS_PER_BANK);
                String in = bankUrls.get(to / ACCOUNTS_PER_BANK);
                TransferRequest req = new TransferRequest(accounts.get(from), accounts.get(to), amount,
                        transInFails ? "FAILURE" : "");
                submitted.add(pool.submit(() -> new Transfer(dtm.saga()
                        .add(out + "/TransOut", out + "/TransOutRevert", req)
                        .add(in + "/TransIn", in + "/TransInRevert", req)
                        .requestTimeout(Duration.ofSeconds(1)).submit(), from, to, amount)));
            }
            List<Transfer> transfers = new ArrayList<>();
            for (Future<Transfer> f : submitted) {
                transfers.add(f.get());
            }
            return transfers;
        } finally {
            pool.shutdown();
        }
    }

    /** Runs the server's cron (moving its clock past every retry) until every transfer is final. */
    private Map<String, TransStatus> driveToTheEnd(List<Transfer> transfers) throws Exception {
        DtmClient dtm = server.client();
        ExecutorService cron = Executors.newFixedThreadPool(8);
        Map<String, TransStatus> statuses = new HashMap<>();
        try {
            for (int round = 0; round < 200; round++) {
                Thread.sleep(FaultInjection.TIMEOUT_MILLIS + 500);
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    workers.add(cron.submit(() -> {
                        while (server.server().runCronOnce()) {
                            Thread.onSpinWait();
                        }
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
                boolean allFinal = true;
                for (Transfer t : transfers) {
                    TransStatus s = statuses.get(t.gid());
                    if (s == null || !s.isFinal()) {
                        s = dtm.query(t.gid()).status();
                        statuses.put(t.gid(), s);
                    }
                    allFinal &= s.isFinal();
                }
                if (allFinal) {
                    return statuses;
                }
                clock.advance(Duration.ofMinutes(5));
            }
            return statuses;
        } finally {
            cron.shutdown();
        }
    }

    private Map<String, Integer> balances() {
        Map<String, Integer> all = new HashMap<>();
        for (ConfigurableApplicationContext bank : banks) {
            bank.getBean(JdbcTemplate.class).query("select user_id, balance from " + Accounts.TABLE
                    + " where user_id like 'inv-%'", rs -> {
                        all.put(rs.getString(1), rs.getInt(2));
                    });
        }
        return all;
    }
}
