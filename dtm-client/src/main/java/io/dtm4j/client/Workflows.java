package io.dtm4j.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflows of an application: register each by name at start-up, then execute them; the DTM server resumes
 * an unfinished one by calling the application back at the callback URL, whose handler passes the call to
 * {@link #resume(Map, byte[])}. Thread-safe; one per application.
 *
 * <pre>{@code
 * Workflows workflows = Workflows.builder(dtm).callbackUrl("http://orders:8080/dtm/workflow").build();
 * workflows.register("transfer", (wf, input) -> { ... });
 * byte[] result = workflows.execute("transfer", dtm.newGid(), input);
 * }</pre>
 */
public final class Workflows {

    /** Maps an HTTP answer of a call made inside a workflow to its outcome. */
    @FunctionalInterface
    public interface HttpOutcome {
        /**
         * Classifies an answer.
         *
         * @param status the HTTP status
         * @param body the body, empty for none
         * @return the outcome
         */
        DtmResult of(int status, String body);
    }

    private final DtmClient client;
    private final java.util.function.Supplier<String> callbackUrl;
    private volatile String resolvedCallbackUrl;
    private final TransOptions options;
    private final JdbcBarrier barrier;
    private final boolean compensateErrorBranch;
    private final HttpOutcome outcome;
    private final java.util.function.Function<Workflow, AutoCloseable> binding;
    private final Map<String, WorkflowHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private Workflows(Builder b) {
        this.client = b.client;
        this.callbackUrl = b.callbackUrl;
        this.options = b.options;
        this.barrier = b.barrier;
        this.compensateErrorBranch = b.compensateErrorBranch;
        this.outcome = b.outcome;
        this.binding = b.binding;
    }

    /**
     * Starts the settings of an application's workflows.
     *
     * @param client the DTM client
     * @return the builder
     */
    public static Builder builder(DtmClient client) {
        return new Builder(Objects.requireNonNull(client, "client"));
    }

    /**
     * The classification of a call's answer: any 2xx is a success (whatever its body says: a participant that did
     * its work must be compensated); 425, or an answer whose body says ONGOING, is ongoing; 409, or an answer whose
     * body says FAILURE, a failure; anything else an error.
     *
     * @param status the HTTP status
     * @param body the body
     * @return the outcome
     */
    public static DtmResult defaultOutcome(int status, String body) {
        if (status >= 200 && status < 300) {
            return DtmResult.SUCCESS;
        }
        String text = body == null ? "" : body;
        if (status == 425 || text.contains("ONGOING")) {
            return DtmResult.ONGOING;
        }
        return status == 409 || text.contains("FAILURE") ? DtmResult.FAILURE : DtmResult.ERROR;
    }

    /**
     * Registers a workflow under a name; every instance of the application registers the same ones at start-up,
     * since any of them may be called back to resume it.
     *
     * @param name the name, stored with each of its transactions
     * @param handler its code
     * @return this
     * @throws IllegalStateException when the name is taken
     */
    public Workflows register(String name, WorkflowHandler handler) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workflow name must not be blank but was '" + name + "'");
        }
        if (handlers.putIfAbsent(name, Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalStateException("workflow '" + name + "' is already registered (each name once: the"
                    + " server resumes a workflow by its name)");
        }
        return this;
    }

    /**
     * The registered names.
     *
     * @return an unmodifiable view
     */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(handlers.keySet());
    }

    /**
     * Executes a workflow: creates it on the server (or finds it, with its recorded progress), runs its code,
     * then its commit or rollback callbacks, and submits the outcome.
     *
     * @param name a registered name
     * @param gid the gid; executing a gid again returns its outcome, resuming it when unfinished
     * @param input the input, stored with the transaction and given again on every resume ({@code null} for none)
     * @return the workflow's result, empty for none
     * @throws DtmTransactionFailedException when the workflow failed (its rollbacks have run)
     * @throws DtmTransactionPendingException when it is not finished yet: the server resumes it later
     * @throws DtmException when the name is not registered or the gid belongs to another workflow
     */
    public byte[] execute(String name, String gid, byte[] input) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workflow name must not be blank but was '" + name + "' (name a"
                    + " registered workflow: " + handlers.keySet() + ")");
        }
        WorkflowHandler handler = handlers.get(name);
        if (handler == null) {
            throw new DtmException("workflow '" + name + "' is not registered (register it at start-up; registered: "
                    + handlers.keySet() + ")", null, DtmException.NO_STATUS, null, gid, null, null);
        }
        if (gid == null || gid.isBlank()) {
            throw new IllegalArgumentException("gid must not be blank but was '" + gid + "' (use DtmClient.newGid()"
                    + " or your own unique business id)");
        }
        return new WorkflowRun(this, name, gid, input, handler, false).run();
    }

    /**
     * Resumes a workflow for the server's callback: the callback's query parameters ({@code gid}, and {@code op}
     * holding the workflow's name) and body (the input). The answer for the server: SUCCESS when it finished,
     * FAILURE when it failed, ONGOING when it is still running here or waits, ERROR otherwise.
     *
     * @param query the callback's query parameters
     * @param body the callback's body
     * @return the outcome to answer with ({@link DtmResult#httpStatus()})
     */
    public DtmResult resume(Map<String, String> query, byte[] body) {
        return resume(query.get(BranchContext.GID), query.get(BranchContext.OP), body);
    }

    /**
     * Resumes a workflow; see {@link #resume(Map, byte[])}.
     *
     * @param gid the gid
     * @param name the workflow's name
     * @param input its input
     * @return the outcome to answer with
     */
    public DtmResult resume(String gid, String name, byte[] input) {
        try {
            WorkflowHandler handler = handlers.get(name);
            if (handler == null || gid == null || gid.isBlank()) {
                throw new DtmException("cannot resume workflow '" + name + "' gid '" + gid + "': "
                        + (handler == null ? "no such workflow is registered here (registered: " + handlers.keySet()
                        + ")" : "the callback has no gid") + " (the server's callback names both)");
            }
            new WorkflowRun(this, name, gid, input, handler, true).run();
            return DtmResult.SUCCESS;
        } catch (DtmTransactionFailedException failed) {
            return DtmResult.FAILURE;
        } catch (DtmTransactionPendingException pending) {
            return pending.getCause() instanceof DtmOngoingException ? DtmResult.ONGOING : DtmResult.ERROR;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Workflows.class).warn("resuming workflow '{}' gid '{}' failed: {}",
                    name, gid, e.toString());
            return DtmResult.ERROR;
        }
    }

    DtmClient client() {
        return client;
    }

    /** The callback URL, resolved (and checked) on first use. */
    String callbackUrl() {
        String url = resolvedCallbackUrl;
        if (url == null) {
            url = io.dtm4j.client.internal.Urls.branch(callbackUrl.get(), "workflow callback", null, false);
            resolvedCallbackUrl = url;
        }
        return url;
    }

    TransOptions options() {
        return options;
    }

    JdbcBarrier barrier() {
        return barrier;
    }

    boolean compensateErrorBranch() {
        return compensateErrorBranch;
    }

    DtmResult outcome(int status, String body) {
        return outcome.of(status, body);
    }

    /** Binds a run's handle to the thread while its code and its phase 2 run. */
    AutoCloseable bind(Workflow wf) {
        return binding.apply(wf);
    }

    /** Marks a gid as running in this application; false when it already is. */
    boolean start(String gid) {
        return running.add(gid);
    }

    void end(String gid) {
        running.remove(gid);
    }

    /** The progress rows of a {@code prepareWorkflow} answer, keyed {@code <branch_id>-<op>}. */
    static Map<String, WorkflowProgress> progress(JsonNode reply) {
        Map<String, WorkflowProgress> map = new HashMap<>();
        for (JsonNode row : reply.path("progresses")) {
            String data = row.path("bin_data").asText("");
            WorkflowProgress stored = WorkflowProgress.stored(row.path("status").asText(""), data.isEmpty()
                    ? new byte[0] : Base64.getDecoder().decode(data));
            if (stored != null) {
                map.put(row.path("branch_id").asText("") + "-" + row.path("op").asText(""), stored);
            }
        }
        return map;
    }

    /** Settings of {@link Workflows}. */
    public static final class Builder {

        private final DtmClient client;
        private java.util.function.Supplier<String> callbackUrl;
        private TransOptions options = TransOptions.defaults();
        private JdbcBarrier barrier = JdbcBarrier.defaults();
        private boolean compensateErrorBranch;
        private HttpOutcome outcome = Workflows::defaultOutcome;
        private java.util.function.Function<Workflow, AutoCloseable> binding = wf -> () -> { };

        private Builder(DtmClient client) {
            this.client = client;
        }

        /**
         * The URL the server calls to resume an unfinished workflow (its {@code query_prepared}); required.
         *
         * @param url an absolute http(s) URL of this application, reachable from the DTM server
         * @return this
         */
        public Builder callbackUrl(String url) {
            String checked = io.dtm4j.client.internal.Urls.branch(url, "workflow callback", null, false);
            this.callbackUrl = () -> checked;
            return this;
        }

        /**
         * The callback URL, known only later (an application's own address once its web server listens): asked
         * for on the first execute.
         *
         * @param url gives an absolute http(s) URL of this application
         * @return this
         */
        public Builder callbackUrl(java.util.function.Supplier<String> url) {
            this.callbackUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The options of every workflow's transaction ({@code retry_interval} sets when an unfinished one is
         * first resumed; {@code timeout_to_fail}, {@code request_timeout}, branch headers).
         *
         * @param options the options
         * @return this
         */
        public Builder options(TransOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The barrier settings given to callbacks ({@link io.dtm4j.client.barrier.BranchBarrier}); the defaults
         * unless set.
         *
         * @param barrier the barrier
         * @return this
         */
        public Builder barrier(JdbcBarrier barrier) {
            this.barrier = Objects.requireNonNull(barrier, "barrier");
            return this;
        }

        /**
         * Whether a branch whose own action failed is rolled back too (default {@code false}: a failed action
         * changed nothing, so its rollback, when registered before it, is skipped).
         *
         * @param compensate whether to roll such a branch back
         * @return this
         */
        public Builder compensateErrorBranch(boolean compensate) {
            this.compensateErrorBranch = compensate;
            return this;
        }

        /**
         * How the answers of calls made inside workflows map to outcomes; {@link #defaultOutcome(int, String)}
         * unless set.
         *
         * @param outcome the mapping
         * @return this
         */
        public Builder httpOutcome(HttpOutcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /**
         * Binds each run's handle to the running thread while its code and its commit or rollback callbacks run,
         * and unbinds it after (for integrations: the Spring starter makes it {@code DtmContext.workflow()}, so
         * its HTTP client support sees calls made inside the workflow); nothing unless set.
         *
         * @param binding binds the handle; the returned scope unbinds it
         * @return this
         */
        public Builder binding(java.util.function.Function<Workflow, AutoCloseable> binding) {
            this.binding = Objects.requireNonNull(binding, "binding");
            return this;
        }

        /**
         * Builds the workflows.
         *
         * @return the workflows, none registered yet
         * @throws IllegalStateException without a callback URL
         */
        public Workflows build() {
            if (callbackUrl == null) {
                throw new IllegalStateException("workflows need a callbackUrl: the URL at which the DTM server"
                        + " resumes them (set Workflows.builder(dtm).callbackUrl(...))");
            }
            return new Workflows(this);
        }
    }
}
