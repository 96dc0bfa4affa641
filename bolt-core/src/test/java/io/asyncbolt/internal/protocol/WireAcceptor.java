package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BoltMessage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Minimal Bolt acceptor built from nothing but the wire layer: handshake, chunk decoder, message
 * codec and the {@link EchoResponder}. Binds 127.0.0.1 on an ephemeral port.
 */
final class WireAcceptor implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<BoltVersion> negotiated = new CopyOnWriteArrayList<>();
    private final Queue<BoltMessage> received = new ConcurrentLinkedQueue<>();
    private final Channel serverChannel;

    WireAcceptor(List<BoltVersion> versions, Map<String, Map<String, Object>> fixedResults) {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("handshake", new ServerHandshakeHandler(versions, true, (ctx, result) -> {
                            negotiated.add(result.version());
                            BoltProtocol protocol = BoltProtocol.forVersion(result.version());
                            ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder());
                            ctx.pipeline().addAfter("chunks", "decoder", new MessageDecoder(protocol));
                            ctx.pipeline().addAfter("decoder", "encoder", new MessageEncoder(protocol));
                            ctx.pipeline().addAfter("encoder", "responder", new EchoResponder(fixedResults, received));
                        }));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    List<BoltVersion> negotiated() {
        return negotiated;
    }

    Queue<BoltMessage> received() {
        return received;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
