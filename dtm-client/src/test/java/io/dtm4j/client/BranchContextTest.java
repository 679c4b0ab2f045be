package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BranchContextTest {

    @Test
    void readsTheFourIdentityValuesAndTheServerFromQueryParameters() {
        BranchContext ctx = BranchContext.fromQuery(Map.of("gid", "g1", "trans_type", "tcc", "branch_id", "02",
                "op", "try", "dtm", "http://dtm:36789/api/dtmsvr"));

        assertThat(ctx).isEqualTo(new BranchContext("tcc", "g1", "02", "try", "http://dtm:36789/api/dtmsvr", null));
        assertThat(ctx.type()).isEqualTo(TransType.TCC);
    }

    @Test
    void fallsBackToHeadersCaseInsensitively() {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("dtm-gid", "g2");
        headers.put("DTM-TRANS-TYPE", "saga");
        headers.put("Dtm-Branch-Id", "01");
        headers.put("dtm-op", "compensate");
        Map<String, String> query = Map.of("op", "action");

        BranchContext ctx = BranchContext.from(query::get, headers::get);

        assertThat(ctx).isEqualTo(BranchContext.of("saga", "g2", "01", "action"));
    }

    @Test
    void acceptsTheGrpcStyleHeaderSpellings() {
        Map<String, String> headers = Map.of("dtm-gid", "g3", "dtm-trans_type", "msg", "dtm-branch_id", "00",
                "dtm-op", "msg");

        assertThat(BranchContext.from(name -> null, headers::get)).isEqualTo(BranchContext.of("msg", "g3", "00",
                "msg"));
    }

    @Test
    void namesTheMissingValueAndHowToSupplyIt() {
        Map<String, String> query = new HashMap<>(Map.of("gid", "g1", "trans_type", "saga", "op", "action"));

        assertThatThrownBy(() -> BranchContext.fromQuery(query))
                .isInstanceOf(DtmException.class)
                .hasMessageContaining("lacks 'branch_id'")
                .hasMessageContaining("header Dtm-Branch-Id")
                .hasMessageContaining("gid='g1'")
                .hasMessageContaining("call this endpoint through DTM")
                .extracting(e -> ((DtmException) e).gid()).isEqualTo("g1");
    }

    @Test
    void blankValuesCountAsMissing() {
        assertThatThrownBy(() -> BranchContext.of("saga", " ", "01", "action"))
                .hasMessageContaining("lacks 'gid'");
    }

    @Test
    void rendersBackToDtmQueryParameters() {
        BranchContext ctx = new BranchContext("xa", "g", "01", "action", "http://dtm/api/dtmsvr", "http://rm/xa");

        assertThat(ctx.toQuery()).containsExactly(Map.entry("dtm", "http://dtm/api/dtmsvr"), Map.entry("gid", "g"),
                Map.entry("trans_type", "xa"), Map.entry("branch_id", "01"), Map.entry("op", "action"),
                Map.entry("phase2_url", "http://rm/xa"));
        assertThat(BranchContext.headerName("trans_type")).isEqualTo("Dtm-Trans-Type");
    }
}
