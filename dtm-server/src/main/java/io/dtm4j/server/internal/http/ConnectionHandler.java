package io.dtm4j.server.internal.http;

import io.dtm4j.server.ServerLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One connection's requests, one at a time and in order: while a request waits for its answer (a
 * {@code wait_result} round, say) the connection is not read further, and no thread waits for it. Deadlines: a
 * request must arrive whole within {@code requestReadTimeout} of its first byte (408 and close otherwise), and a
 * connection with nothing in progress closes after {@code idleTimeout}. A request the codec cannot parse, or one
 * with too many headers, answers 400/431 and closes.
 */
final class ConnectionHandler extends ChannelDuplexHandler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectionHandler.class);
    static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("dtm.refused");
    private static final int MAX_PIPELINED = 16;

    private final Router router;
    private final ServerLimits limits;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private boolean busy;
    private boolean reading;
    private ScheduledFuture<?> deadline;

    private final BodyBudget bodies;

    ConnectionHandler(Router router, ServerLimits limits, BodyBudget bodies) {
        this.router = router;
        this.limits = limits;
        this.bodies = bodies;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        idle(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        pending.forEach(io.netty.util.ReferenceCountUtil::release);
        pending.clear();
        super.channelInactive(ctx);
    }

    /** Raw bytes pass here first (added before the codec's output): the first byte of a request starts its clock. */
    void firstBytes(ChannelHandlerContext ctx) {
        if (!busy && !reading) {
            reading = true;
            schedule(ctx, limits.requestReadTimeout().toMillis(), HttpResponseStatus.REQUEST_TIMEOUT,
                    "the request did not arrive whole within " + limits.requestReadTimeout().toSeconds() + " s");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == BodyAggregator.ANSWERED) {
            // A body over the limit was answered 413 before it reached this handler: back to waiting.
            reading = false;
            if (!busy) {
                idle(ctx);
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == BodyBudget.REFUSED) {
            // Answered 503 in its turn; the request-read deadline still closes the connection if the client never
            // sends the rest of the body.
            pending.add(msg);
            if (!busy) {
                next(ctx);
            }
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        reading = false;
        cancelDeadline();
        if (pending.size() >= MAX_PIPELINED) {
            request.release();
            ctx.close();
            return;
        }
        pending.add(request);
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        Object item = pending.poll();
        if (item == null) {
            busy = false;
            bodies.releaseAnswered();
            ctx.channel().config().setAutoRead(true);
            idle(ctx);
            return;
        }
        if (item == BodyBudget.REFUSED) {
            answerRefused(ctx);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) item;
        busy = true;
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Reply early = refuse(request);
        if (early != null) {
            request.release();
            write(ctx, early, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String raw = request.uri();
        int q = raw.indexOf('?');
        byte[] body = ByteBufUtil.getBytes(request.content());
        var headers = request.headers().copy();
        ApiRequest api = new ApiRequest(request.method().name(), uri.path(), q < 0 ? null : raw.substring(q + 1),
                headers::get, body);
        request.release();
        router.handle(api).whenComplete((reply, e) -> ctx.executor().execute(() -> write(ctx, reply == null
                ? Reply.error(500, "internal error: " + e) : reply, keepAlive)));
    }

    /** The 503 of a request whose body the server would not hold; the connection closes once the body is read. */
    private void answerRefused(ChannelHandlerContext ctx) {
        busy = true;
        pending.forEach(io.netty.util.ReferenceCountUtil::release);
        pending.clear();
        Reply reply = Reply.error(503, "the server holds its limit of request bodies already (maxBufferedRequestBytes"
                + " / MAX_BUFFERED_REQUEST_BYTES); nothing was done (retry shortly, or send smaller requests)");
        ctx.writeAndFlush(response(reply, true)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        // Keep reading, so that the rest of the refused body is dropped and the connection can close cleanly.
        ctx.channel().config().setAutoRead(true);
        schedule(ctx, limits.requestReadTimeout().toMillis(), null, null);
        bodies.answered(ctx);
    }

    private Reply refuse(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
                return Reply.error(414, "the request line is longer than 8192 bytes (send long values in a POST"
                        + " body)");
            }
            if (cause instanceof TooLongFrameException) {
                return Reply.error(431, "the request line or headers are longer than " + limits.maxHeaderBytes()
                        + " bytes (send a shorter request)");
            }
            return Reply.error(400, "not an HTTP/1.1 request: " + cause.getMessage());
        }
        if (request.headers().size() > limits.maxHeaders()) {
            return Reply.error(431, "the request has " + request.headers().size() + " header fields; at most "
                    + limits.maxHeaders() + " are accepted");
        }
        return null;
    }

    private void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!keepAlive) {
            ctx.writeAndFlush(response(reply, true)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response(reply, false));
        next(ctx);
    }

    /** The HTTP response of an answer; {@code close} adds {@code Connection: close}. */
    static FullHttpResponse response(Reply reply, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer, or a body over the limit sent in chunks: nothing to answer, the connection ends.
        LOG.debug("connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void idle(ChannelHandlerContext ctx) {
        schedule(ctx, limits.idleTimeout().toMillis(), null, null);
    }

    private void schedule(ChannelHandlerContext ctx, long millis, HttpResponseStatus status, String why) {
        cancelDeadline();
        deadline = ctx.executor().schedule(() -> {
            if (status == null || bodies.refused()) {
                ctx.close();
            } else {
                write(ctx, Reply.error(status.code(), why + " (send the whole request at once)"), false);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Sits before the codec and tells the handler when a request's first bytes arrive. */
    static final class FirstBytes extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final ConnectionHandler handler;
        private ChannelHandlerContext handlerContext;

        FirstBytes(ConnectionHandler handler) {
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                if (handlerContext == null) {
                    handlerContext = ctx.pipeline().context(handler);
                }
                if (handlerContext != null) {
                    handler.firstBytes(handlerContext);
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
