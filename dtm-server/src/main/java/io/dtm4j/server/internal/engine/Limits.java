package io.dtm4j.server.internal.engine;

/**
 * What the engine and the official SQL layout can represent (spec §8.1): the validation of every request and
 * the engine's own arithmetic keep within these.
 */
public final class Limits {

    /** Longest duration in seconds: {@code next_cron_interval} is an SQL {@code int}. */
    public static final long MAX_SECONDS = Integer.MAX_VALUE;
    /** {@code gid varchar(128)}, {@code branch_id varchar(128)}, {@code kv.k varchar(128)}. */
    public static final int MAX_ID = 128;
    /** {@code url}, {@code query_prepared}, {@code options}, {@code custom_data}, {@code result varchar(1024)}. */
    public static final int MAX_TEXT = 1024;
    /** {@code op varchar(45)}, {@code kv.cat varchar(45)}. */
    public static final int MAX_OP = 45;
    /** Branch headers on one transaction. */
    public static final int MAX_BRANCH_HEADERS = 32;
    /** Steps of one saga or message. */
    public static final int MAX_STEPS = 1000;

    private Limits() {
    }
}
