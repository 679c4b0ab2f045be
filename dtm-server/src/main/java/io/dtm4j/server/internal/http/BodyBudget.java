package io.dtm4j.server.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request body bytes held by the whole server at once ({@code maxBufferedRequestBytes}): each
 * connection reserves its bodies' bytes and gives them back once all its requests are answered. A declared
 * length is reserved whole when the headers arrive (first come, first served); a chunked body as it arrives;
 * bodies of up to 64 KiB are not counted. A body that would pass the bound is answered 503, the rest of it read
 * and dropped, and its connection closed, so a burst of large requests costs refused requests, not the heap.
 * Bodies are copied to the heap as they arrive. Sits between the HTTP codec and the aggregator.
 */
final class BodyBudget extends ChannelDuplexHandler {

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

        long used() {
            return used.get();
        }
    }

    /** Bodies up to this size (declared) are not counted. */
    static final int SMALL = 64 * 1024;

    private final Pool pool;
    private final int maxRequestBytes;
    private long held;
    private boolean refused;
    private boolean oversized;
    private boolean prepaid;

    BodyBudget(Pool pool, int maxRequestBytes) {
        this.pool = pool;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Whether this connection's last request was refused here (its answer is sent; it closes when read). */
    boolean refused() {
        return refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            // The rest of the refused body is read and dropped, then the connection closes: closing with unread
            // bytes would reset it and could destroy the answer before the client reads it.
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.close();
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            long declared = HttpUtil.getContentLength(request, -1L);
            // The aggregator answers 413 to a declared length over the limit and drops its body: nothing to hold.
            oversized = declared > maxRequestBytes;
            // A declared length is reserved whole at once, so that in a burst the first requests are served and the
            // others refused at once, rather than all of them half read and then all refused.
            // Small bodies, all of ordinary DTM traffic, are not counted: large ones cannot crowd them out.
            prepaid = declared >= 0 && !oversized;
            if (prepaid && declared > SMALL && !reserve(ctx, msg, declared)) {
                return;
            }
        }
        if (msg instanceof HttpContent content && !oversized) {
            int bytes = content.content().readableBytes();
            if (!prepaid && !reserve(ctx, msg, bytes)) {
                return;
            }
            if (msg instanceof LastHttpContent) {
                prepaid = false;
            }
            // Socket reads land in direct buffers; a body is kept on the heap, which -Xmx bounds, not in direct
            // memory, which a few large bodies would exhaust.
            HttpContent onHeap = content.replace(Unpooled.copiedBuffer(content.content()));
            content.release();
            ctx.fireChannelRead(onHeap);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Reserves bytes for this connection, or answers 503 and starts dropping the request. */
    private boolean reserve(ChannelHandlerContext ctx, Object msg, long bytes) {
        if (pool.reserve(bytes)) {
            held += bytes;
            return true;
        }
        refused = true;
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        Reply reply = Reply.error(503, "the server holds " + (pool.max >> 20) + " MiB of request bodies already"
                + " (maxBufferedRequestBytes / MAX_BUFFERED_REQUEST_BYTES); nothing was done (retry shortly, or send"
                + " smaller requests)");
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(last ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
        return false;
    }

    /** Gives the connection's bytes back: all its requests are answered. */
    void releaseAll() {
        pool.release(held);
        held = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }
}
