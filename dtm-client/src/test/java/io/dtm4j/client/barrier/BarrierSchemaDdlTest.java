package io.dtm4j.client.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped barrier scripts: plain SQL for the default table (what {@code spring.sql.init} runs as it is), and
 * the names replaced for another table, also when the other name contains the default ones.
 */
class BarrierSchemaDdlTest {

    private static String shipped(BarrierDialect dialect) throws Exception {
        try (InputStream in = BarrierSchema.class.getResourceAsStream(dialect.ddlResource())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierDialect.class)
    void theShippedScriptIsPlainSqlForTheDefaultTable(BarrierDialect dialect) throws Exception {
        String script = shipped(dialect);
        assertThat(script).doesNotContain("${").contains("dtm_barrier.barrier");
        StringBuilder statements = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.startsWith("--")) {
                statements.append(line).append('\n');
            }
        }
        assertThat(BarrierSchema.ddl(dialect, BarrierSchema.DEFAULT_TABLE)).as("what BarrierSchema runs for it")
                .isEqualTo(statements.toString()).contains("create table if not exists dtm_barrier.barrier");
    }

    @ParameterizedTest
    @EnumSource(BarrierDialect.class)
    void anotherTableGetsItsOwnNamesOnly(BarrierDialect dialect) {
        String ddl = BarrierSchema.ddl(dialect, "busi.dtm_barrier");
        assertThat(ddl).contains("create table if not exists busi.dtm_barrier (")
                .doesNotContain("dtm_barrier.").doesNotContain("busi.busi").doesNotContain("{{");
    }
}
