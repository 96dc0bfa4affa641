package io.asyncbolt.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes of every connection for the {@link ServerListener}; shared by all channels. */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {

    private final ServerListener listener;

    ByteCounter(ServerListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long bytes = size(msg);
        if (bytes > 0) {
            listener.bytesRead(bytes);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long bytes = size(msg);
        if (bytes > 0) {
            listener.bytesWritten(bytes);
        }
        ctx.write(msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
