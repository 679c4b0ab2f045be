package io.dtm4j.client;

import io.dtm4j.client.internal.Urls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A saga: steps of a forward action and its compensation, run by the server in order (or concurrently, following
 * branch orders) and compensated in reverse when an action fails.
 *
 * <pre>{@code
 * String gid = dtm.saga()
 *         .add(bank1 + "/transOut", bank1 + "/transOutCompensate", req)
 *         .add(bank2 + "/transIn", bank2 + "/transInCompensate", req)
 *         .waitResult(true)
 *         .submit();
 * }</pre>
 *
 * <p>A {@code Saga} is built by one thread and submitted once. Steps are numbered from 0 for
 * {@link #addBranchOrder(int, int...)}; their branch ids on the wire are {@code 01}, {@code 02}...
 */
public final class Saga extends AbstractTransaction<Saga> {

    private final List<Map<String, String>> steps = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final Map<Integer, List<Integer>> orders = new TreeMap<>();
    private boolean concurrent;

    Saga(DtmClient client, String gid) {
        super(client, TransType.SAGA, gid);
    }

    /**
     * Adds a step. An empty URL is a step the server treats as done without calling anything.
     *
     * @param action the forward action URL, or empty
     * @param compensate the compensation URL, or empty for none
     * @param payload the body of both calls (serialised with Jackson; {@link RawJson} as is)
     * @return this saga
     * @throws DtmException when a URL is invalid or the payload cannot be serialised (nothing is sent)
     */
    public Saga add(String action, String compensate, Object payload) {
        String label = label();
        int index = steps.size();
        Map<String, String> step = new LinkedHashMap<>();
        step.put("action", Urls.branch(action, "saga action of step " + index, label, true));
        step.put("compensate", Urls.branch(compensate, "saga compensate of step " + index, label, true));
        String json = client.json().payload(payload, "payload of saga step " + index, label);
        steps.add(step);
        payloads.add(json);
        return this;
    }

    /**
     * Runs the steps concurrently, only bound by {@link #addBranchOrder(int, int...)}.
     *
     * @return this saga
     */
    public Saga concurrent() {
        return concurrent(true);
    }

    /**
     * Sets whether the steps run concurrently.
     *
     * @param concurrent {@code true} to run them concurrently
     * @return this saga
     */
    public Saga concurrent(boolean concurrent) {
        this.concurrent = concurrent;
        return this;
    }

    /**
     * Makes a step of a concurrent saga wait for other steps (0-based indexes).
     *
     * @param step the step that waits
     * @param preSteps the steps that must succeed first
     * @return this saga
     */
    public Saga addBranchOrder(int step, int... preSteps) {
        List<Integer> list = orders.computeIfAbsent(step, k -> new ArrayList<>());
        for (int pre : preSteps) {
            list.add(pre);
        }
        return this;
    }

    /**
     * Sends the saga to the server. Fetches a gid first when none was given.
     *
     * @return the gid
     * @throws DtmFailureException when the server refuses it (the gid finished already, or with
     *     {@code waitResult} the saga failed); {@link DtmException} when the outcome is unknown
     */
    public String submit() {
        validateOrders();
        String id = ensureGid();
        TransRequest.Builder request = TransRequest.builder(id, TransType.SAGA).options(options.build());
        for (int i = 0; i < steps.size(); i++) {
            request.step(steps.get(i), payloads.get(i));
        }
        if (concurrent) {
            request.customData(customData());
        }
        client.submit(request.build());
        return id;
    }

    private String customData() {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("concurrent", true);
        Map<String, List<Integer>> keyed = new LinkedHashMap<>();
        orders.forEach((k, v) -> keyed.put(Integer.toString(k), v));
        custom.put("orders", keyed);
        return client.json().write(custom);
    }

    private void validateOrders() {
        if (orders.isEmpty()) {
            return;
        }
        if (!concurrent) {
            throw new DtmException("saga gid '" + label() + "' has branch orders " + orders + " but is not concurrent"
                    + " (call concurrent(); orders only apply to concurrent sagas)");
        }
        orders.forEach((step, pres) -> {
            for (int index : concat(step, pres)) {
                if (index < 0 || index >= steps.size()) {
                    throw new DtmException("saga gid '" + label() + "' branch order " + step + " after " + pres
                            + " names step " + index + ", but the saga has steps 0.." + (steps.size() - 1)
                            + " (steps are numbered from 0 in the order they were added)");
                }
            }
            if (pres.contains(step)) {
                throw new DtmException("saga gid '" + label() + "' step " + step + " is ordered after itself"
                        + " (remove it from its own pre-steps)");
            }
        });
    }

    private String label() {
        return gid == null ? "(new)" : gid;
    }

    private static List<Integer> concat(int step, List<Integer> pres) {
        List<Integer> all = new ArrayList<>(pres);
        all.add(step);
        return all;
    }
}
