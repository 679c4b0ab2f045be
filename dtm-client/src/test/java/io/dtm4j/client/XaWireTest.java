package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtm4j.client.support.FakeDtmServer;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XaWireTest {

    @RegisterExtension
    final FakeDtmServer dtm = new FakeDtmServer();

    @Test
    void callsEachBranchWithItsPhase2UrlThenSubmits() throws Exception {
        dtm.success().success().success().success();

        dtm.client().xa("xa-1", TransOptions.defaults(), xa -> {
            xa.callBranch(RawJson.of("{\"amount\":30}"), dtm.url("/rm/xa/out"));
            xa.callBranch(RawJson.of("{\"amount\":30}"), dtm.url("/rm/xa/in"));
        });

        RecordedRequest prepare = dtm.take();
        assertThat(FakeDtmServer.json(prepare).get("trans_type").asText()).isEqualTo("xa");
        for (String branch : new String[] {"01", "02"}) {
            RecordedRequest call = dtm.take();
            HttpUrl url = call.getRequestUrl();
            assertThat(call.getMethod()).isEqualTo("POST");
            assertThat(url.queryParameter("gid")).isEqualTo("xa-1");
            assertThat(url.queryParameter("trans_type")).isEqualTo("xa");
            assertThat(url.queryParameter("branch_id")).isEqualTo(branch);
            assertThat(url.queryParameter("op")).isEqualTo("action");
            assertThat(url.queryParameter("phase2_url")).isEqualTo(url.newBuilder().query(null).build().toString());
            assertThat(url.queryParameter("dtm")).isEqualTo(dtm.apiUrl());
            assertThat(call.getBody().readUtf8()).isEqualTo("{\"amount\":30}");
        }
        assertThat(dtm.take().getPath()).endsWith("/submit");
    }

    @Test
    void aFailingBranchAbortsTheGlobalTransaction() throws Exception {
        dtm.success().answer(409, "{\"error\":\"FAILURE\"}").success();

        assertThatThrownBy(() -> dtm.client().xa("xa-2", TransOptions.defaults(),
                xa -> xa.callBranch(1, dtm.url("/rm/xa/out"))))
                .isInstanceOfSatisfying(DtmTransactionFailedException.class, e -> {
                    assertThat(e.transType()).isEqualTo(TransType.XA);
                    assertThat(e.branchId()).isEqualTo("01");
                    assertThat(e.reason()).isEqualTo("{\"error\":\"FAILURE\"}");
                })
                .hasMessage("xa gid 'xa-2' failed and is being rolled back (status 'aborting'): branch 01 action"
                        + " answered '{\"error\":\"FAILURE\"}'; the server runs the rollbacks"
                        + " (see the cause for the call)")
                .cause().isInstanceOf(DtmFailureException.class).hasMessageContaining("XA branch at");

        dtm.take();
        dtm.take();
        assertThat(dtm.take().getPath()).endsWith("/abort");
    }
}
