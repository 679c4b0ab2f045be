package io.dtm4j.client;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link Saga} and {@link Msg} share: the gid and fluent setters for the transaction options.
 *
 * @param <T> the concrete type, returned by the fluent setters
 */
public abstract sealed class AbstractTransaction<T extends AbstractTransaction<T>> permits Saga, Msg {

    final DtmClient client;
    final TransType type;
    String gid;
    TransOptions.Builder options = TransOptions.builder();

    AbstractTransaction(DtmClient client, TransType type, String gid) {
        this.client = client;
        this.type = type;
        this.gid = gid;
    }

    /**
     * The global transaction id.
     *
     * @return the gid, or {@code null} while the server has not assigned one yet
     */
    public String gid() {
        return gid;
    }

    /**
     * The options as set so far.
     *
     * @return a snapshot of the options
     */
    public TransOptions options() {
        return options.build();
    }

    /**
     * Replaces all options.
     *
     * @param newOptions the options
     * @return this transaction
     */
    public T options(TransOptions newOptions) {
        this.options = newOptions.newBuilder();
        return self();
    }

    /**
     * Makes submit wait for the first processing round and report its outcome; see
     * {@link TransOptions#waitResult()}.
     *
     * @param waitResult whether to wait
     * @return this transaction
     */
    public T waitResult(boolean waitResult) {
        options.waitResult(waitResult);
        return self();
    }

    /**
     * Sets {@link TransOptions#timeoutToFail()}.
     *
     * @param timeout positive; whole seconds on the wire
     * @return this transaction
     */
    public T timeoutToFail(Duration timeout) {
        options.timeoutToFail(timeout);
        return self();
    }

    /**
     * Sets {@link TransOptions#retryInterval()}.
     *
     * @param interval positive; whole seconds on the wire
     * @return this transaction
     */
    public T retryInterval(Duration interval) {
        options.retryInterval(interval);
        return self();
    }

    /**
     * Sets {@link TransOptions#requestTimeout()}.
     *
     * @param timeout positive; whole seconds on the wire
     * @return this transaction
     */
    public T requestTimeout(Duration timeout) {
        options.requestTimeout(timeout);
        return self();
    }

    /**
     * Sets {@link TransOptions#retryLimit()}.
     *
     * @param retryLimit zero or more
     * @return this transaction
     */
    public T retryLimit(int retryLimit) {
        options.retryLimit(retryLimit);
        return self();
    }

    /**
     * Adds a header the server sends on every branch call.
     *
     * @param name header name
     * @param value header value
     * @return this transaction
     */
    public T branchHeader(String name, String value) {
        options.branchHeader(name, value);
        return self();
    }

    /**
     * Replaces the headers the server sends on every branch call.
     *
     * @param headers the headers
     * @return this transaction
     */
    public T branchHeaders(Map<String, String> headers) {
        options.branchHeaders(headers);
        return self();
    }

    String ensureGid() {
        if (gid == null) {
            gid = client.newGid();
        }
        return gid;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }
}
