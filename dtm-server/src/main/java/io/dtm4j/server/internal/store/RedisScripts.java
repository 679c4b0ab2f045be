package io.dtm4j.server.internal.store;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Redis store's Lua scripts: loaded once ({@code SCRIPT LOAD}) and run by {@code EVALSHA}; when Redis answers
 * {@code NOSCRIPT} (a restart, a {@code SCRIPT FLUSH}, a fail-over to a replica that never saw them) the script is
 * loaded again and the call repeated.
 */
final class RedisScripts {

    /** The scripts, one per atomic change. */
    enum Script {
        CREATE("create.lua"), APPEND("append.lua"), CHANGE("change.lua"), TOUCH("touch.lua"), LEASE("lease.lua"),
        HAND_OVER("hand-over.lua"), RESET_CRON("reset-cron.lua"), KV_UPDATE("kv-update.lua");

        final String file;

        Script(String file) {
            this.file = file;
        }
    }

    private final RedisCommands<String, String> redis;
    private final Map<Script, String> text = new EnumMap<>(Script.class);
    private final Map<Script, String> sha = java.util.Collections.synchronizedMap(new EnumMap<>(Script.class));

    RedisScripts(RedisCommands<String, String> redis) {
        this.redis = redis;
        for (Script s : Script.values()) {
            text.put(s, read(s.file));
            sha.put(s, redis.scriptLoad(text.get(s)));
        }
    }

    /**
     * Runs a script.
     *
     * @param script the script
     * @param type what it returns
     * @param keys its keys
     * @param argv its arguments
     * @param <T> the answer's type
     * @return its answer
     */
    <T> T run(Script script, ScriptOutputType type, String[] keys, String... argv) {
        try {
            try {
                return redis.evalsha(sha.get(script), type, keys, argv);
            } catch (RedisNoScriptException e) {
                String loaded = redis.scriptLoad(text.get(script));
                sha.put(script, loaded);
                return redis.evalsha(loaded, type, keys, argv);
            }
        } catch (RedisException e) {
            throw RedisStore.failed(script.name().toLowerCase(java.util.Locale.ROOT) + " script", e);
        }
    }

    private static String read(String file) {
        try (InputStream in = RedisScripts.class.getResourceAsStream("redis/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Lua script redis/" + file + " is missing from the dtm-server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
