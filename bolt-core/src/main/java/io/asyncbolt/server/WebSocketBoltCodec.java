package io.asyncbolt.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt over WebSocket: the payload of every inbound binary frame continues the Bolt byte stream, and
 * every outbound buffer goes out as one binary frame (frames need not align with Bolt messages). Text
 * frames are refused with close code 1003. An out-of-memory error from the WebSocket handlers before it
 * (the frame aggregator) is logged at ERROR and closes the connection; the Bolt handshake handler
 * behind it would log it at DEBUG only.
 */
final class WebSocketBoltCodec extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(WebSocketBoltCodec.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        VirtualMachineError fatal = Failures.fatal(cause);
        if (fatal != null) {
            log.error("WebSocket connection from {} closed after {}", ctx.channel().remoteAddress(), fatal, cause);
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame frame) {
            ctx.fireChannelRead(frame.content());
        } else if (msg instanceof WebSocketFrame frame) {
            frame.release();
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
                    .addListener(f -> ctx.close());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            ctx.write(new BinaryWebSocketFrame(buf), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
