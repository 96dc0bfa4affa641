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
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling of this machine for request/response over loopback with Netty: a 20-byte request answered
 * by a 30-byte response, no protocol. The server runs in its own JVM, like the Bolt servers of
 * {@link LoadBenchmark}; rows are printed in the same table format.
 *
 * <pre>
 * java -cp bolt-benchmarks/target/benchmarks.jar io.asyncbolt.bench.RawNettyBenchmark [warmup s] [seconds]
 * </pre>
 */
public final class RawNettyBenchmark {

    private static final int REQUEST = 20;
    private static final int RESPONSE = 30;

    private RawNettyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serve();
            return;
        }
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RawNettyBenchmark.class.getName(), "server").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        int port = Integer.parseInt(out.readLine().substring("PORT ".length()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        System.out.printf(Locale.ROOT, "%n| server | client | workload | ops/s | client CPU s | server CPU s |%n");
        System.out.println("|---|---|---|---:|---:|---:|");
        try {
            for (int[] shape : new int[][] {{1, 1}, {32, 1}, {1, 128}, {32, 128}}) {
                run(group, port, shape[0], shape[1], warmup);
                long serverCpu = cpuNanos(server.pid());
                long clientCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
                long ops = run(group, port, shape[0], shape[1], seconds);
                System.out.printf(Locale.ROOT, "| raw netty | raw netty | 20 B -> 30 B x%d conn, %d in flight | %,.0f | %.1f | %.1f |%n",
                        shape[0], shape[1], ops / (double) seconds,
                        (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime() - clientCpu) / 1e9,
                        (cpuNanos(server.pid()) - serverCpu) / 1e9);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server.getOutputStream().close();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** Closed loops: each connection keeps {@code inFlight} requests outstanding for {@code seconds}. */
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
        System.out.println("PORT " + ((InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the benchmark closes our input
            }
        }
        System.exit(0);
    }

    private static long cpuNanos(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
}
