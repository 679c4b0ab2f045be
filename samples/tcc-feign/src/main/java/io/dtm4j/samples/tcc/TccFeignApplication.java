package io.dtm4j.samples.tcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TCC across two services: bank A (this application, also the initiator) and bank B (a second instance, started
 * first on its own port and database). The initiator's tries are Feign calls marked {@code @DtmTccTry}: each
 * registers its branch (confirm and cancel on the same bank) and carries the branch to the bank.
 */
@SpringBootApplication
@EnableFeignClients(clients = {Banks.BankA.class, Banks.BankB.class})
public class TccFeignApplication {

    /** The two running banks: A runs the story, B serves it. */
    public record Running(ConfigurableApplicationContext bankA, ConfigurableApplicationContext bankB)
            implements AutoCloseable {
        @Override
        public void close() {
            bankA.close();
            bankB.close();
        }
    }

    /** The argument that gives bank B its database; bank A's is {@code spring.datasource.url}. */
    public static final String BANK_B_DATABASE = "--sample.bank-b-datasource-url=";

    /**
     * Runs the sample: bank B, then bank A, which tells the story; exits unless {@code sample.exit=false}.
     *
     * @param args Spring Boot arguments for both banks, e.g. {@code --dtm.server-url=...}
     */
    public static void main(String[] args) {
        Running banks = start(args);
        if (banks.bankA().getEnvironment().getProperty("sample.exit", Boolean.class, true)) {
            int code = SpringApplication.exit(banks.bankA());
            banks.bankB().close();
            System.exit(code);
        }
    }

    /**
     * Starts both banks: B on a free port with its own database, then A (with the same DTM server) on a free port.
     *
     * @param args Spring Boot arguments for both
     * @return the running banks
     */
    public static Running start(String... args) {
        String databaseB = Arrays.stream(args).filter(a -> a.startsWith(BANK_B_DATABASE)).findFirst()
                .map(a -> a.substring(BANK_B_DATABASE.length())).orElse("jdbc:h2:mem:tcc-bank-b;DB_CLOSE_DELAY=-1");
        String[] argsB = Arrays.stream(args).filter(a -> !a.startsWith("--spring.datasource.url="))
                .toArray(String[]::new);
        ConfigurableApplicationContext bankB = new SpringApplicationBuilder(TccFeignApplication.class).run(with(argsB,
                "--sample.run=false", "--spring.datasource.url=" + databaseB, "--server.port=" + freePort(),
                "--spring.application.name=bank-b"));
        try {
            String urlB = "http://127.0.0.1:" + bankB.getEnvironment().getProperty("local.server.port");
            int portA = freePort();
            ConfigurableApplicationContext bankA = new SpringApplicationBuilder(TccFeignApplication.class)
                    .run(with(args, "--dtm.server-url=" + bankB.getEnvironment().getProperty("dtm.server-url"),
                            "--sample.dtm-server=" + bankB.getEnvironment().getProperty("sample.dtm-server",
                                    "external"),
                            "--server.port=" + portA, "--sample.bank-a-url=http://127.0.0.1:" + portA,
                            "--sample.bank-b-url=" + urlB, "--spring.application.name=bank-a"));
            return new Running(bankA, bankB);
        } catch (RuntimeException e) {
            bankB.close();
            throw e;
        }
    }

    /** The given arguments, plus each of the sample's whose property the caller did not set. */
    private static String[] with(String[] args, String... defaults) {
        List<String> all = new ArrayList<>();
        List<String> given = Arrays.asList(args);
        for (String d : defaults) {
            String key = d.substring(0, d.indexOf('=') + 1);
            if (given.stream().noneMatch(a -> a.startsWith(key))) {
                all.add(d);
            }
        }
        all.addAll(given);
        return all.toArray(String[]::new);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine", e);
        }
    }
}
