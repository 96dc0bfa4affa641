package io.asyncbolt.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling of this machine for request/response over loopback with Netty: a 20-byte request answered
 * by a 30-byte response, no protocol. {@link LoadBenchmark} starts the responder ({@link #main}) in its own
 * JVM, like the Bolt servers, and drives it with {@link #run} from its own.
 */
public final class RawNettyBenchmark {

    private static final int REQUEST = 20;
    private static final int RESPONSE = 30;

    private RawNettyBenchmark() {
    }

    /** {@code server}: the responder JVM, printing {@code LISTEN 127.0.0.1:port}; stops when standard input ends. */
    public static void main(String[] args) throws Exception {
        serve();
    }

    /** Closed loops: each connection keeps {@code inFlight} requests outstanding for {@code seconds}. */
    static long run(int port, int connections, int inFlight, int seconds) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        try {
            return run(group, port, connections, inFlight, seconds);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static long run(EventLoopGroup group, int port, int connections, int inFlight, int seconds)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(REQUEST).writeZero(REQUEST));
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new FixedLengthFrameDecoder(RESPONSE), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ((ByteBuf) msg).release();
                                    done.incrementAndGet();
                                    if (running.get()) {
                                        ctx.writeAndFlush(request.duplicate());
                                    }
                                }
                            });
                        }
                    }).connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            channels.add(channel);
        }
        for (Channel channel : channels) {
            for (int i = 0; i < inFlight; i++) {
                channel.write(request.duplicate());
            }
            channel.flush();
        }
        long before = done.get();
        Thread.sleep(seconds * 1000L);
        long ops = done.get() - before;
        running.set(false);
        for (Channel channel : channels) {
            channel.close().sync();
        }
        return ops;
    }

    private static void serve() throws Exception {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        ByteBuf response = Unpooled.unreleasableBuffer(Unpooled.directBuffer(RESPONSE).writeZero(RESPONSE));
        Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FixedLengthFrameDecoder(REQUEST), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                ctx.write(response.duplicate());
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        System.out.println("LISTEN 127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the benchmark closes our input
            }
        }
        System.exit(0);
    }
}
