package io.dtm4j.client;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Identity of one branch call: which global transaction, which branch, which operation.
 *
 * <p>The DTM server (and an initiator calling a TCC try or an XA branch) sends it as query parameters
 * {@code gid}, {@code trans_type}, {@code branch_id}, {@code op}, plus {@code dtm} (the server URL) and, for XA,
 * {@code phase2_url}. dtm4j also reads them from headers ({@code Dtm-Gid}, {@code Dtm-Trans-Type},
 * {@code Dtm-Branch-Id}, {@code Dtm-Op}, {@code Dtm-Dtm}, {@code Dtm-Phase2-Url}, or the gRPC-style spellings
 * {@code dtm-trans_type}...), so context survives proxies that strip query strings.
 *
 * <pre>{@code
 * BranchContext ctx = BranchContext.fromQuery(Map.of("gid", "g1", "trans_type", "saga",
 *         "branch_id", "01", "op", "action"));
 * }</pre>
 *
 * @param transType {@code trans_type}, for example {@code saga}
 * @param gid global transaction id
 * @param branchId branch id, for example {@code 01}
 * @param op operation, for example {@code action}, {@code try}, {@code cancel}
 * @param dtm URL of the DTM server that owns the transaction, or {@code null} when not sent
 * @param phase2Url XA phase-2 URL, or {@code null} when not sent
 */
public record BranchContext(String transType, String gid, String branchId, String op, String dtm,
        String phase2Url) {

    /** Query parameter of the global transaction id. */
    public static final String GID = "gid";
    /** Query parameter of the transaction mode. */
    public static final String TRANS_TYPE = "trans_type";
    /** Query parameter of the branch id. */
    public static final String BRANCH_ID = "branch_id";
    /** Query parameter of the branch operation. */
    public static final String OP = "op";
    /** Query parameter of the DTM server URL. */
    public static final String DTM = "dtm";
    /** Query parameter of the XA phase-2 URL. */
    public static final String PHASE2_URL = "phase2_url";

    private static final String HEADER_PREFIX = "Dtm-";

    /**
     * Creates a context; the four identity fields must be non-blank.
     *
     * @param transType {@code trans_type}
     * @param gid global transaction id
     * @param branchId branch id
     * @param op operation
     * @param dtm server URL or {@code null}
     * @param phase2Url XA phase-2 URL or {@code null}
     * @throws DtmException naming the first missing field and how to supply it
     */
    public BranchContext {
        require(TRANS_TYPE, transType, gid, branchId, op);
        require(GID, gid, gid, branchId, op);
        require(BRANCH_ID, branchId, gid, branchId, op);
        require(OP, op, gid, branchId, op);
        dtm = blankToNull(dtm);
        phase2Url = blankToNull(phase2Url);
    }

    /**
     * Creates a context without server URL and phase-2 URL.
     *
     * @param transType {@code trans_type}
     * @param gid global transaction id
     * @param branchId branch id
     * @param op operation
     * @return the context
     */
    public static BranchContext of(String transType, String gid, String branchId, String op) {
        return new BranchContext(transType, gid, branchId, op, null, null);
    }

    /**
     * Reads the context from query parameters.
     *
     * @param query parameter name to value
     * @return the context
     * @throws DtmException naming the missing parameter
     */
    public static BranchContext fromQuery(Map<String, String> query) {
        return from(query::get, name -> null);
    }

    /**
     * Reads the context from query parameters, falling back to headers for each value.
     *
     * @param queryParam looks a query parameter up by name; returns {@code null} when absent
     * @param header looks a header up by name (case-insensitively, as HTTP does); returns {@code null} when absent
     * @return the context
     * @throws DtmException naming the missing value
     */
    public static BranchContext from(Function<String, String> queryParam, Function<String, String> header) {
        Function<String, String> lookup = name -> {
            String value = blankToNull(queryParam.apply(name));
            return value != null ? value : headerValue(header, name);
        };
        return new BranchContext(lookup.apply(TRANS_TYPE), lookup.apply(GID), lookup.apply(BRANCH_ID),
                lookup.apply(OP), lookup.apply(DTM), lookup.apply(PHASE2_URL));
    }

    /**
     * The header that carries a context value, for example {@code Dtm-Branch-Id} for {@code branch_id}.
     *
     * @param name one of the query parameter names of this class
     * @return the header name
     */
    public static String headerName(String name) {
        StringBuilder sb = new StringBuilder(HEADER_PREFIX);
        for (String part : name.split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1)).append('-');
        }
        return sb.substring(0, sb.length() - 1);
    }

    /**
     * The transaction mode as an enum.
     *
     * @return the mode
     * @throws IllegalArgumentException when {@link #transType()} is not a DTM mode
     */
    public TransType type() {
        return TransType.fromWireName(transType);
    }

    /**
     * A copy of this context with another operation.
     *
     * @param newOp the operation
     * @return the copy
     */
    public BranchContext withOp(String newOp) {
        return new BranchContext(transType, gid, branchId, newOp, dtm, phase2Url);
    }

    /**
     * The context as DTM query parameters, in the order the server sends them; {@code dtm} and
     * {@code phase2_url} only when set.
     *
     * @return an ordered, modifiable map
     */
    public Map<String, String> toQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        if (dtm != null) {
            query.put(DTM, dtm);
        }
        query.put(GID, gid);
        query.put(TRANS_TYPE, transType);
        query.put(BRANCH_ID, branchId);
        query.put(OP, op);
        if (phase2Url != null) {
            query.put(PHASE2_URL, phase2Url);
        }
        return query;
    }

    private static String headerValue(Function<String, String> header, String name) {
        String value = blankToNull(header.apply(headerName(name)));
        if (value == null) {
            value = blankToNull(header.apply("dtm-" + name));
        }
        if (value == null) {
            value = blankToNull(header.apply(headerName(name).toLowerCase(Locale.ROOT)));
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void require(String name, String value, String gid, String branchId, String op) {
        if (value == null || value.isBlank()) {
            throw new DtmException("branch request lacks '" + name + "' (query parameter " + name + " or header "
                    + headerName(name) + "); got gid='" + gid + "', branch_id='" + branchId + "', op='" + op
                    + "' (the DTM server sends all four on every branch call: call this endpoint through DTM, or"
                    + " add them yourself when calling it by hand)", null, DtmException.NO_STATUS, null, gid,
                    branchId, op);
        }
    }
}
