package io.dtm4j.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtm4j.server.internal.json.Json;
import io.dtm4j.server.internal.store.KvRecord;
import io.dtm4j.server.internal.store.StoreException;
import io.dtm4j.server.internal.store.TransStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Topics of 2-phase messages (spec §6.7, §6.9): a {@code kv} row per topic ({@code cat = "topics"}) whose value
 * is the JSON list of subscribers, changed with optimistic locking. Unlike the official server, which refreshes an
 * in-memory copy every few seconds, a subscription applies to the next message at once.
 */
public final class TopicService {

    static final String CAT = "topics";
    private static final ObjectMapper MAPPER = io.dtm4j.server.internal.json.Json.MAPPER;

    private final TransStore store;
    private final Validation rules;

    public TopicService(TransStore store, Validation rules) {
        this.store = store;
        this.rules = rules;
    }

    public void subscribe(String topic, String url, String remark) {
        requireTopicAndUrl(topic, url);
        Fields f = new Fields("subscribe", Json.MAPPER.createObjectNode());
        f.text("topic", topic, Limits.MAX_ID);
        f.text("remark", remark == null ? "" : remark, Limits.MAX_TEXT);
        rules.url(f, "url", url, Validation.UrlKind.BRANCH);
        Optional<KvRecord> row = store.findKv(CAT, topic);
        ArrayNode list = row.map(r -> parse(r.value())).orElseGet(MAPPER::createArrayNode);
        for (JsonNode s : list) {
            if (url.equals(s.path("url").asText())) {
                throw ApiException.error("this url exists");
            }
        }
        list.addObject().put("url", url).put("remark", remark == null ? "" : remark);
        if (row.isEmpty()) {
            try {
                store.createKv(CAT, topic, list.toString());
            } catch (StoreException e) {
                throw ApiException.error("a concurrent update of topic '" + topic + "' won; subscribe again");
            }
        } else if (!store.updateKv(CAT, topic, list.toString(), row.get().version())) {
            throw ApiException.error("a concurrent update of topic '" + topic + "' won; subscribe again");
        }
    }

    public void unsubscribe(String topic, String url) {
        requireTopicAndUrl(topic, url);
        KvRecord row = store.findKv(CAT, topic).orElseThrow(() -> ApiException.error("no such a topic"));
        ArrayNode list = parse(row.value());
        if (list.isEmpty()) {
            throw ApiException.error("this topic is empty");
        }
        ArrayNode kept = MAPPER.createArrayNode();
        list.forEach(s -> {
            if (!url.equals(s.path("url").asText())) {
                kept.add(s);
            }
        });
        if (kept.size() == list.size()) {
            throw ApiException.error("no such an url ");
        }
        if (!store.updateKv(CAT, topic, kept.toString(), row.version())) {
            throw ApiException.error("a concurrent update of topic '" + topic + "' won; unsubscribe again");
        }
    }

    public void delete(String topic) {
        if (!store.deleteKv(CAT, topic)) {
            throw ApiException.error("storage: NotFound");
        }
    }

    /** Subscriber URLs of a topic; empty when the topic is unknown or has none. */
    public List<String> subscribers(String topic) {
        List<String> urls = new ArrayList<>();
        store.findKv(CAT, topic).ifPresent(r -> parse(r.value()).forEach(s -> urls.add(s.path("url").asText())));
        return urls;
    }

    public static ObjectNode view(KvRecord r) {
        return MAPPER.createObjectNode().put("id", r.id()).put("cat", r.cat()).put("k", r.key()).put("v", r.value())
                .put("version", r.version());
    }

    private static void requireTopicAndUrl(String topic, String url) {
        if (topic == null || topic.isEmpty()) {
            throw ApiException.error("empty topic");
        }
        if (url == null || url.isEmpty()) {
            throw ApiException.error("empty url");
        }
    }

    private static ArrayNode parse(String value) {
        try {
            JsonNode node = MAPPER.readTree(value == null || value.isEmpty() ? "[]" : value);
            return node.isArray() ? (ArrayNode) node : MAPPER.createArrayNode();
        } catch (IOException e) {
            return MAPPER.createArrayNode();
        }
    }
}
