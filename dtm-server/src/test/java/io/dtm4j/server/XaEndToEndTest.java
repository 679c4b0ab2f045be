package io.dtm4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dtm4j.client.BranchContext;
import io.dtm4j.client.DtmException;
import io.dtm4j.client.DtmFailureException;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.barrier.BarrierSchema;
import io.dtm4j.client.support.TestDatabases;
import io.dtm4j.client.xa.XaLocalTransaction;
import io.dtm4j.server.support.ServerFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XA end to end with nothing faked: the dtm-client initiator, the embedded server, and two branch handlers built
 * on {@link XaLocalTransaction} over the real MariaDB and PostgreSQL.
 */
class XaEndToEndTest {

    @RegisterExtension
    final ServerFixture f = new ServerFixture();

    private HttpServer rm;
    private DataSource db;
    private String a;
    private String b;

    private void start(String name, boolean failIn) throws Exception {
        db = TestDatabases.byName(name);
        BarrierSchema.create(db, BarrierSchema.DEFAULT_TABLE);
        String suffix = f.gid();
        a = suffix + "-a";
        b = suffix + "-b";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists dtm_busi.xa_e2e (id varchar(64) primary key, balance int)");
            s.execute("insert into dtm_busi.xa_e2e values ('" + a + "', 100), ('" + b + "', 100)");
        }
        XaLocalTransaction xa = XaLocalTransaction.builder(db, f.client).build();
        rm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        rm.createContext("/out", ex -> handle(ex, xa, a, -30, false));
        rm.createContext("/in", ex -> handle(ex, xa, b, 30, failIn));
        rm.start();
    }

    @AfterEach
    void stop() {
        if (rm != null) {
            rm.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void bothBranchesCommitThroughTheServer(String name) throws Exception {
        start(name, false);
        String gid = f.gid();

        f.client.xa(gid, TransOptions.builder().waitResult(true).build(), xa -> {
            xa.callBranch(Map.of("amount", 30), url("/out"));
            xa.callBranch(Map.of("amount", 30), url("/in"));
        });

        assertThat(f.status(gid)).isEqualTo(TransStatus.SUCCEED);
        assertThat(balance(a)).isEqualTo(70);
        assertThat(balance(b)).isEqualTo(130);
        assertThat(f.branchStatuses(gid)).containsExactly("prepared", "succeed", "prepared", "succeed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aFailingSecondBranchRollsTheFirstBack(String name) throws Exception {
        start(name, true);
        String gid = f.gid();

        assertThatThrownBy(() -> f.client.xa(gid, TransOptions.builder().waitResult(true).build(), xa -> {
            xa.callBranch(Map.of("amount", 30), url("/out"));
            xa.callBranch(Map.of("amount", 30), url("/in"));
        })).isInstanceOf(DtmTransactionFailedException.class);

        assertThat(f.status(gid)).isEqualTo(TransStatus.FAILED);
        assertThat(f.branchStatuses(gid)).containsExactly("succeed", "prepared");
        assertThat(balance(a)).isEqualTo(100);
        assertThat(balance(b)).isEqualTo(100);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + rm.getAddress().getPort() + path;
    }

    private void handle(HttpExchange ex, XaLocalTransaction xa, String account, int amount, boolean fail)
            throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        int status = 200;
        try {
            xa.execute(BranchContext.fromQuery(query), c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "update dtm_busi.xa_e2e set balance = balance + ? where id = ?")) {
                    ps.setInt(1, amount);
                    ps.setString(2, account);
                    ps.executeUpdate();
                }
                if (fail) {
                    throw new DtmFailureException("insufficient balance");
                }
            });
        } catch (DtmFailureException e) {
            status = 409;
        } catch (DtmException e) {
            status = 500;
        }
        byte[] body = ("{\"dtm_result\":\"" + (status == 200 ? "SUCCESS" : status == 409 ? "FAILURE" : "ERROR")
                + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        ex.close();
    }

    private int balance(String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select balance from dtm_busi.xa_e2e where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
