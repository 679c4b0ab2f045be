package io.dtm4j.server.internal.http;

import io.dtm4j.server.ServerLimits;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP listener on Netty: non-blocking, so idle, slow or half-sent connections hold no thread. Each
 * connection gets the codec with bounded request line and headers, a bounded body, the read and idle deadlines of
 * {@link ConnectionHandler}; connections beyond the limit are closed at once.
 */
public final class NettyHttpServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    @SuppressWarnings("deprecation")
    public NettyHttpServer(String host, int port, ServerLimits limits, Router router) {
        this.boss = new NioEventLoopGroup(1, daemon("dtm-http-accept-"));
        this.workers = new NioEventLoopGroup(0, daemon("dtm-http-io-"));
        ConnectionGate gate = new ConnectionGate(limits.maxConnections());
        BodyBudget.Pool budget = new BodyBudget.Pool(limits.maxBufferedRequestBytes());
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        BodyBudget bodies = new BodyBudget(budget, limits.maxRequestBytes());
                        ConnectionHandler handler = new ConnectionHandler(router, limits, bodies);
                        ch.pipeline().addLast(gate).addLast(new ConnectionHandler.FirstBytes(handler))
                                .addLast(new HttpServerCodec(8192, limits.maxHeaderBytes(), 8192))
                                .addLast(bodies).addLast(new BodyAggregator(limits.maxRequestBytes()))
                                .addLast(handler);
                    }
                });
        try {
            this.channel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return the bound port */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Daemon threads named {@code prefix + n}: the server's pools never keep a JVM alive. */
    public static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts open connections and closes those beyond the limit before they are read. */
    @ChannelHandler.Sharable
    static final class ConnectionGate extends ChannelInboundHandlerAdapter {
        private final int max;
        private final AtomicInteger open = new AtomicInteger();

        ConnectionGate(int max) {
            this.max = max;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                ctx.channel().attr(ConnectionHandler.REFUSED).set(Boolean.TRUE);
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().attr(ConnectionHandler.REFUSED).get() == null) {
                open.decrementAndGet();
            }
            super.channelInactive(ctx);
        }
    }
}
