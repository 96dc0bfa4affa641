package io.asyncbolt.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Bounds the WebSocket messages the frame aggregator may assemble, by the connection's current Bolt limit:
 * the small pre-authentication one until the client authenticated, the message limit after. Netty's
 * aggregator takes one fixed bound, so without this a client could make the server buffer the
 * post-authentication limit per connection before it said who it is.
 */
final class WebSocketMessageLimit extends ChannelInboundHandlerAdapter {

    /** Room for the Bolt handshake and chunk headers around a message of the limit's size. */
    private static final int FRAMING = 1024;

    private volatile int limit;
    private long current;

    WebSocketMessageLimit(int boltMessageLimit) {
        limit(boltMessageLimit);
    }

    /** The largest Bolt message the connection accepts now. */
    void limit(int boltMessageLimit) {
        this.limit = boltMessageLimit > Integer.MAX_VALUE - FRAMING ? Integer.MAX_VALUE : boltMessageLimit + FRAMING;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame frame) {
            current += frame.content().readableBytes();
            if (current > limit) {
                ReferenceCountUtil.release(msg);
                current = 0;
                throw new TooLongFrameException("WebSocket message larger than " + limit + " bytes");
            }
            if (frame.isFinalFragment()) {
                current = 0;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
