package io.dtm4j.spring;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.Msg;
import io.dtm4j.client.MsgLocalTransaction;
import io.dtm4j.client.Saga;
import io.dtm4j.client.TccCallback;
import io.dtm4j.client.TransOptions;
import io.dtm4j.client.XaCallback;
import io.dtm4j.spring.internal.ContextBinding;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The programmatic entry to DTM in a Spring application: every transaction it starts carries the default options
 * of {@code dtm.options.*}. The annotations {@code @DtmSaga}, {@code @DtmTcc} and {@code @DtmMsg} use it.
 *
 * <pre>{@code
 * String gid = dtmTemplate.saga(saga -> saga
 *         .add(accounts + "/transOut", accounts + "/transOutCompensate", req)
 *         .add(accounts + "/transIn", accounts + "/transInCompensate", req));
 * dtmTemplate.tcc(tcc -> tcc.callBranch(req, tryUrl, confirmUrl, cancelUrl));
 * }</pre>
 *
 * <p>Thread-safe; one instance per application (the auto-configured bean).
 */
public class DtmTemplate {

    private final DtmClient client;
    private final TransOptions defaults;
    private final MsgLocalTransaction msgLocalTransaction;

    /**
     * Creates a template whose messages run their local work as it is ({@link MsgLocalTransaction#direct()}).
     *
     * @param client the client that talks to the DTM server
     * @param defaults options every new transaction starts with
     */
    public DtmTemplate(DtmClient client, TransOptions defaults) {
        this(client, defaults, MsgLocalTransaction.direct());
    }

    /**
     * Creates a template.
     *
     * @param client the client that talks to the DTM server
     * @param defaults options every new transaction starts with
     * @param msgLocalTransaction how {@code msg().doAndSubmit} runs the local transaction (the auto-configured
     *     template joins the caller's Spring transaction)
     */
    public DtmTemplate(DtmClient client, TransOptions defaults, MsgLocalTransaction msgLocalTransaction) {
        this.client = Objects.requireNonNull(client, "client");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.msgLocalTransaction = Objects.requireNonNull(msgLocalTransaction, "msgLocalTransaction");
    }

    /**
     * The client behind this template, for calls the template does not wrap ({@code query}, {@code all}...).
     *
     * @return the client
     */
    public DtmClient client() {
        return client;
    }

    /**
     * The options new transactions start with.
     *
     * @return the default options
     */
    public TransOptions defaultOptions() {
        return defaults;
    }

    /**
     * A new saga with a gid from the server (asked for now, so {@code gid()} is known before the submit) and the
     * default options; add steps, then {@code submit()}.
     *
     * @return the saga
     */
    public Saga saga() {
        return client.saga(client.newGid()).options(defaults);
    }

    /**
     * Builds a saga with a new gid and submits it.
     *
     * @param steps adds the steps (and may change options)
     * @return the gid
     */
    public String saga(Consumer<Saga> steps) {
        Saga saga = saga();
        steps.accept(saga);
        return saga.submit();
    }

    /**
     * Runs a TCC transaction with a new gid and the default options: prepare, the callback's tries, submit; if the
     * callback throws, abort with the error as reason and rethrow.
     *
     * @param callback calls the tries
     * @return the gid
     */
    public String tcc(TccCallback callback) {
        return tcc(client.newGid(), defaults, callback);
    }

    /**
     * Runs a TCC transaction with the given gid and options; the transaction is bound to the thread meanwhile
     * ({@code DtmContext.tcc()}), so Feign tries find it.
     *
     * @param gid the gid
     * @param options the options
     * @param callback calls the tries
     * @return the gid
     */
    public String tcc(String gid, TransOptions options, TccCallback callback) {
        return client.tcc(gid, options, tcc -> {
            try (ContextBinding.Scope scope = ContextBinding.bind(gid, tcc)) {
                callback.run(tcc);
            }
        });
    }

    /**
     * A new 2-phase message with a gid from the server (asked for now), the default options and this template's
     * local-transaction strategy. With the auto-configured template, {@code doAndSubmit} runs its work in the
     * caller's Spring transaction (or a new one on the primary DataSource) and writes the message's barrier row in
     * {@code dtm.barrier.table} there, so this application's query-prepared endpoint can answer the back-check:
     *
     * <pre>{@code
     * dtmTemplate.msg().add(shipping.of("/ship"), order)
     *         .doAndSubmit(self.of("/dtm/query-prepared"), barrier -> orders.markPaid(order));
     * }</pre>
     *
     * @return the message
     */
    public Msg msg() {
        return client.msg(client.newGid()).options(defaults).localTransaction(msgLocalTransaction);
    }

    /**
     * Runs an XA transaction with a new gid and the default options.
     *
     * @param callback calls the XA branches
     * @return the gid
     */
    public String xa(XaCallback callback) {
        return client.xa(client.newGid(), defaults, callback);
    }
}
