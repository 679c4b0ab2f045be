package io.dtm4j.server.internal.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator, answering a body over {@code maxRequestBytes} with the server's JSON error (the size, the
 * limit and the remedy) instead of an empty 413. As Netty does, a keep-alive connection stays open and the rest of
 * the body is read and dropped, so the client reads the answer instead of a reset; otherwise it closes.
 */
final class BodyAggregator extends HttpObjectAggregator {

    /** Told to the connection: an oversized request was answered 413 and its body dropped; back to waiting. */
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
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        ctx.writeAndFlush(tooLarge(HttpUtil.getContentLength(oversized, -1L), close)).addListener(close
                ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /**
     * A request with {@code Expect: 100-continue} whose declared body is over the limit: the same JSON 413 instead
     * of Netty's empty one, sent before the client sends the body (which it then does not).
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (start instanceof HttpRequest && HttpUtil.is100ContinueExpected(start)
                && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
            pipeline.fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
            pipeline.fireUserEventTriggered(ANSWERED);
            return tooLarge(HttpUtil.getContentLength(start, -1L), false);
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    private FullHttpResponse tooLarge(long length, boolean close) {
        return ConnectionHandler.response(Reply.error(413, "the request body is " + (length < 0 ? "more than " + max
                : length) + " bytes, over the server's limit of " + max + " (maxRequestBytes / MAX_REQUEST_BYTES);"
                + " nothing was done (send a smaller request)"), close);
    }
}
