package io.dtm4j.server.internal.store;

import java.util.List;

/**
 * One page of KV rows and where the next starts.
 *
 * @param rows the rows
 * @param next the position of the next page, "" when there is none
 */
public record KvPage(List<KvRecord> rows, String next) {

    /**
     * A page of rows ordered by id: the next one starts after the last id, unless the page was not full.
     *
     * @param rows the rows
     * @param limit the page size asked for
     * @return the page
     */
    static KvPage byId(List<KvRecord> rows, int limit) {
        return new KvPage(rows, rows.size() < limit ? "" : Long.toString(rows.get(rows.size() - 1).id()));
    }
}
