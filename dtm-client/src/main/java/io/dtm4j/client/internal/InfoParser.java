package io.dtm4j.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.client.BranchInfo;
import io.dtm4j.client.TransPage;
import io.dtm4j.client.TransQueryResult;
import io.dtm4j.client.TransStatus;
import io.dtm4j.client.TransactionInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Maps the server's {@code query} and {@code all} answers (spec §5.2) onto the typed result records, tolerating
 * missing and unknown fields.
 */
public final class InfoParser {

    private InfoParser() {
    }

    public static TransQueryResult queryResult(JsonNode root) {
        JsonNode trans = root.path("transaction");
        Optional<TransactionInfo> info = trans.isObject() ? Optional.of(transaction(trans)) : Optional.empty();
        List<BranchInfo> branches = new ArrayList<>();
        for (JsonNode b : root.path("branches")) {
            branches.add(branch(b));
        }
        return new TransQueryResult(info, branches);
    }

    public static TransPage page(JsonNode root) {
        List<TransactionInfo> list = new ArrayList<>();
        for (JsonNode t : root.path("transactions")) {
            list.add(transaction(t));
        }
        return new TransPage(list, root.path("next_position").asText(""));
    }

    public static TransactionInfo transaction(JsonNode t) {
        return new TransactionInfo(t.path("id").asLong(), t.path("gid").asText(""), t.path("trans_type").asText(""),
                TransStatus.fromWireName(t.path("status").asText("")), t.path("protocol").asText(""),
                t.path("query_prepared").asText(""), t.path("custom_data").asText(""),
                t.path("options").asText(""), t.path("result").asText(""), t.path("rollback_reason").asText(""),
                t.path("next_cron_interval").asLong(), time(t, "create_time"), time(t, "update_time"),
                time(t, "finish_time"), time(t, "rollback_time"), time(t, "next_cron_time"));
    }

    public static BranchInfo branch(JsonNode b) {
        return new BranchInfo(b.path("id").asLong(), b.path("gid").asText(""), b.path("url").asText(""),
                payload(b.path("bin_data").asText("")), b.path("branch_id").asText(""), b.path("op").asText(""),
                TransStatus.fromWireName(b.path("status").asText("")), time(b, "create_time"),
                time(b, "update_time"), time(b, "finish_time"), time(b, "rollback_time"));
    }

    private static String payload(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }

    private static Instant time(JsonNode node, String field) {
        String text = node.path(field).asText("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
