package io.dtm4j.server.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request body bytes held by the whole server at once ({@code maxBufferedRequestBytes}). A declared
 * length is reserved whole when the headers arrive (first come, first served), a chunked body as it arrives;
 * bodies of up to 64 KiB are not counted. A connection gives back the bytes of the requests it has answered once
 * it has nothing in progress; the request it is still reading stays counted. A body that would pass the bound is
 * dropped as it arrives and the request is passed on as {@link #REFUSED}, which the connection answers 503 in its
 * turn and then closes, once the client has sent the rest (closing on unread bytes would reset the connection and
 * could destroy the answer). Bodies are copied to the heap as they arrive. Sits between the HTTP codec and the
 * aggregator.
 */
final class BodyBudget extends ChannelDuplexHandler {

    /** Passed on in place of a refused request: the connection answers it 503, in order. */
    static final Object REFUSED = new Object();

    /** Bodies up to this size (declared) are not counted. */
    static final int SMALL = 64 * 1024;

    /** The server-wide count, shared by every connection's handler. */
    static final class Pool {
        private final long max;
        private final AtomicLong used = new AtomicLong();

        Pool(long max) {
            this.max = max;
        }

        boolean reserve(long bytes) {
            long now;
            do {
                now = used.get();
                if (now + bytes > max) {
                    return false;
                }
            } while (!used.compareAndSet(now, now + bytes));
            return true;
        }

        void release(long bytes) {
            used.addAndGet(-bytes);
        }
    }

    private final Pool pool;
    private final int maxRequestBytes;
    /** Bytes of this connection's requests that arrived whole and are not answered yet. */
    private long done;
    /** Bytes of the request being read. */
    private long current;
    private boolean prepaid;
    private boolean oversized;
    private boolean expectContinue;
    private boolean refused;
    private boolean drained;
    private boolean answered;

    BodyBudget(Pool pool, int maxRequestBytes) {
        this.pool = pool;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Whether this connection's last request was refused here (it closes once answered and read). */
    boolean refused() {
        return refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                drained = true;
                closeWhenDone(ctx);
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            long declared = HttpUtil.getContentLength(request, -1L);
            // The aggregator answers 413 to a declared length over the limit and drops its body: nothing to hold.
            oversized = declared > maxRequestBytes;
            prepaid = declared >= 0 && !oversized;
            expectContinue = HttpUtil.is100ContinueExpected(request);
            if (prepaid && declared > SMALL && !reserve(declared)) {
                refuse(ctx, msg);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            boolean last = msg instanceof LastHttpContent;
            if (oversized) {
                ctx.fireChannelRead(msg);
                if (last) {
                    oversized = false;
                    ctx.fireUserEventTriggered(BodyAggregator.ANSWERED);
                }
                return;
            }
            if (!prepaid && !reserve(content.content().readableBytes())) {
                refuse(ctx, msg);
                return;
            }
            if (last) {
                done += current;
                current = 0;
                prepaid = false;
            }
            ctx.fireChannelRead(onHeap(content));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HttpExpectationFailedEvent) {
            // An oversized request with Expect: 100-continue was answered 413: its body will not come.
            oversized = false;
            prepaid = false;
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Socket reads land in direct buffers; a body is kept on the heap, which -Xmx bounds, not in direct memory,
     * which a few large bodies would exhaust. The decoder's verdict on the chunk is kept.
     */
    private static HttpContent onHeap(HttpContent content) {
        if (!content.content().isDirect()) {
            return content;
        }
        HttpContent copy = content.replace(Unpooled.copiedBuffer(content.content()));
        copy.setDecoderResult(content.decoderResult());
        content.release();
        return copy;
    }

    private boolean reserve(long bytes) {
        if (!pool.reserve(bytes)) {
            return false;
        }
        current += bytes;
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, Object msg) {
        refused = true;
        // A client waiting for 100 Continue sends no body; otherwise the rest is read and dropped first.
        drained = msg instanceof LastHttpContent || expectContinue;
        ReferenceCountUtil.release(msg);
        pool.release(current);
        current = 0;
        ctx.fireChannelRead(REFUSED);
    }

    /** The connection has written its 503 for the refused request. */
    void answered(ChannelHandlerContext ctx) {
        answered = true;
        closeWhenDone(ctx);
    }

    private void closeWhenDone(ChannelHandlerContext ctx) {
        if (answered && drained) {
            ctx.channel().close();
        }
    }

    /** Gives back the bytes of answered requests: the connection has nothing in progress. */
    void releaseAnswered() {
        pool.release(done);
        done = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pool.release(done + current);
        done = 0;
        current = 0;
        super.channelInactive(ctx);
    }
}
