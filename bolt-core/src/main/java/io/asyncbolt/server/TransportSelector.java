package io.asyncbolt.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: looks at the first bytes and picks the transport, as Neo4j
 * does on its Bolt port. A TLS ClientHello (when TLS is configured) adds TLS and looks again at the
 * decrypted bytes; {@code GET } starts HTTP, for a WebSocket upgrade (Neo4j Browser, the JS driver in a
 * browser) or a discovery document; the Bolt magic {@code 60 60 B0 17} is raw Bolt. Anything else, and
 * plaintext when TLS is required, is closed. Then the Bolt handlers are installed behind the transport.
 */
final class TransportSelector extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(TransportSelector.class);
    private static final int MAX_WEB_SOCKET_FRAME = 65536;

    private final SslContext sslContext;
    private final boolean tlsRequired;
    private final boolean webSocket;
    private final int maxMessageSize;
    private final int maxMessageSizeBeforeAuth;
    private final boolean tlsActive;
    private final Consumer<ChannelPipeline> installBolt;
    private final Consumer<String> onRejected;

    TransportSelector(SslContext sslContext, boolean tlsRequired, boolean webSocket, int maxMessageSize,
            int maxMessageSizeBeforeAuth, boolean tlsActive, Consumer<ChannelPipeline> installBolt,
            Consumer<String> onRejected) {
        this.maxMessageSizeBeforeAuth = maxMessageSizeBeforeAuth;
        this.sslContext = sslContext;
        this.tlsRequired = tlsRequired;
        this.webSocket = webSocket;
        this.maxMessageSize = maxMessageSize;
        this.tlsActive = tlsActive;
        this.installBolt = installBolt;
        this.onRejected = onRejected;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        boolean bolt = in.getInt(start) == 0x6060B017;
        boolean http = in.getByte(start) == 'G' && in.getByte(start + 1) == 'E' && in.getByte(start + 2) == 'T'
                && in.getByte(start + 3) == ' ';
        if (!bolt && !http && in.readableBytes() < 5) {
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (!bolt && !http && sslContext != null && SslHandler.isEncrypted(in, false)) {
            if (tlsActive) {
                reject(ctx, "tls-nested", "a second TLS layer inside TLS");
                return;
            }
            SslHandler ssl = sslContext.newHandler(ctx.alloc());
            pipeline.addAfter(ctx.name(), "bolt-transport-tls", new TransportSelector(sslContext, tlsRequired,
                    webSocket, maxMessageSize, maxMessageSizeBeforeAuth, true, installBolt, onRejected));
            // the TLS handler takes this one's place; the bytes read so far are handed to it on removal
            pipeline.replace(this, "bolt-tls", ssl);
            return;
        }
        if ((bolt || http) && tlsRequired && !tlsActive) {
            reject(ctx, "tls-required", "plaintext while TLS is required");
            return;
        }
        if (bolt) {
            installBolt.accept(pipeline);
            pipeline.remove(this);
        } else if (http && webSocket) {
            String name = ctx.name();
            pipeline.addAfter(name, "http-codec", new HttpServerCodec());
            pipeline.addAfter("http-codec", "http-aggregator", new HttpObjectAggregator(65536));
            pipeline.addAfter("http-aggregator", "http-discovery", new HttpDiscoveryHandler(tlsActive));
            pipeline.addAfter("http-discovery", "ws-protocol", new WebSocketServerProtocolHandler(
                    WebSocketServerProtocolConfig.newBuilder().websocketPath("/").checkStartsWith(true)
                            .maxFramePayloadLength(MAX_WEB_SOCKET_FRAME).allowExtensions(false).build()));
            // the aggregator's fixed bound is the largest message at all; the limit before it, the current one
            pipeline.addAfter("ws-protocol", "ws-limit", new WebSocketMessageLimit(maxMessageSizeBeforeAuth));
            pipeline.addAfter("ws-limit", "ws-aggregator", new WebSocketFrameAggregator(maxMessageSize));
            pipeline.addAfter("ws-aggregator", "ws-bolt", new WebSocketBoltCodec());
            installBolt.accept(pipeline);
            pipeline.remove(this);
        } else {
            reject(ctx, "transport", http ? "HTTP while WebSocket is disabled" : "unknown first bytes");
        }
    }

    /**
     * A failed TLS handshake (the client refused the certificate, or spoke no TLS it shares) ends this
     * connection only: one DEBUG line, no stack trace at the end of the pipeline.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        VirtualMachineError fatal = Failures.fatal(cause);
        if (fatal != null) {
            log.error("Connection from {} closed after {}", ctx.channel().remoteAddress(), fatal, cause);
            ctx.close();
            return;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                log.debug("TLS with {} failed: {}", ctx.channel().remoteAddress(), t.getMessage());
                onRejected.accept("tls");
                ctx.close();
                return;
            }
        }
        ctx.fireExceptionCaught(cause);
    }

    private void reject(ChannelHandlerContext ctx, String reason, String what) {
        log.debug("Closing connection from {}: {}", ctx.channel().remoteAddress(), what);
        onRejected.accept(reason);
        ctx.close();
    }
}
