package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.asyncbolt.internal.protocol.NegotiationResult;
import io.asyncbolt.internal.protocol.ServerHandshakeHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of each accepted connection: the {@link ConnectionLimits}, the byte counter, the
 * {@link TransportSelector} (TLS, WebSocket or plain Bolt on one port), the Bolt handshake, and once a
 * version is agreed the chunk decoder, the server's message decoder and encoder, the idle timeout and
 * the {@link BoltConnection}.
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(BoltServer.class);

    private final BoltServer server;
    private final ServerConfig config;
    private final ConnectionLimits limits;
    private final ByteCounter byteCounter;
    private final AtomicInteger connectionIds = new AtomicInteger();

    ServerChannelInitializer(BoltServer server, ServerConfig config, ConnectionLimits limits) {
        this.server = server;
        this.config = config;
        this.limits = limits;
        this.byteCounter = config.listener() == ServerListener.NONE ? null : new ByteCounter(config.listener());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (server.isDraining()) {
            channel.close();
            return;
        }
        if (!limits.admit(channel)) {
            return;
        }
        if (byteCounter != null) {
            channel.pipeline().addLast("bolt-bytes", byteCounter);
        }
        AtomicBoolean negotiated = new AtomicBoolean();
        limits.handshakeDeadline(channel, negotiated);
        channel.pipeline().addLast("bolt-transport", new TransportSelector(config.sslContext(), config.tlsRequired(),
                config.webSocket(), config.maxMessageSize(), config.maxMessageSizeBeforeAuth(), false,
                pipeline -> installHandshake(pipeline, negotiated),
                reason -> config.listener().connectionRejected(reason)));
    }

    /**
     * Adds the Bolt handshake; the rest of the pipeline follows once a version is agreed. (The server's
     * fuzz target builds its channels from here.)
     */
    void installHandshake(ChannelPipeline pipeline, AtomicBoolean negotiated) {
        pipeline.addLast("bolt-handshake", new ServerHandshakeHandler(config.versions(), true,
                (ctx, result) -> {
                    negotiated.set(true);
                    installBolt(ctx, result);
                },
                (ctx, error) -> {
                    log.debug("Bolt handshake with {} failed: {}", ctx.channel().remoteAddress(), error.getMessage());
                    config.listener().connectionRejected("handshake");
                }));
    }

    private void installBolt(ChannelHandlerContext ctx, NegotiationResult result) {
        BoltProtocol protocol = BoltProtocol.forVersion(result.version(), config.maxDepth());
        String connectionId = "bolt-" + connectionIds.incrementAndGet();
        BoltConnection connection = new BoltConnection(server, config, protocol, connectionId);
        ChannelPipeline pipeline = ctx.pipeline();
        String last = ctx.name();
        pipeline.addAfter(last, "bolt-chunks", new ChunkDecoder(config.maxMessageSizeBeforeAuth()));
        // a server's decoder: a SUCCESS or RECORD from the client is refused there (FAILURE Request.Invalid, close)
        pipeline.addAfter("bolt-chunks", "bolt-decoder", MessageDecoder.forServer(protocol));
        pipeline.addAfter("bolt-decoder", "bolt-encoder", new MessageEncoder(protocol));
        last = "bolt-encoder";
        if (!config.idleTimeout().isZero()) {
            pipeline.addAfter(last, "bolt-idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
            last = "bolt-idle";
        }
        pipeline.addAfter(last, "bolt-connection", connection);
        server.connectionOpened(connection);
        config.listener().connectionOpened(connectionId, result.version());
        if (server.isDraining()) {
            connection.channelExecute(connection::drain);
        }
        log.debug("Connection {} from {} speaks Bolt {}", connectionId, ctx.channel().remoteAddress(), result.version());
    }
}
