package io.dtm4j.server.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator, answering a body over {@code maxRequestBytes} with the server's JSON error (the size, the
 * limit and the remedy) instead of an empty 413. As Netty does, a keep-alive connection stays open and the rest of
 * the body is read and dropped, so the client reads the answer instead of a reset; otherwise it closes.
 */
final class BodyAggregator extends HttpObjectAggregator {

    /** Told to the handlers after it: the request was answered here, the connection waits for the next one. */
    static final Object ANSWERED = new Object();

    private final int max;

    BodyAggregator(int maxRequestBytes) {
        super(maxRequestBytes);
        this.max = maxRequestBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        long length = HttpUtil.getContentLength(oversized, -1L);
        Reply reply = Reply.error(413, "the request body is " + (length < 0 ? "more than " + max : length)
                + " bytes, over the server's limit of " + max + " (maxRequestBytes / MAX_REQUEST_BYTES); nothing was"
                + " done (send a smaller request)");
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        ctx.writeAndFlush(response).addListener(close ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
        ctx.fireUserEventTriggered(ANSWERED);
    }
}
