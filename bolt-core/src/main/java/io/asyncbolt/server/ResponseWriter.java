package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.ChunkWriter;
import io.asyncbolt.protocol.message.BoltMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * What one connection writes to its peer, and when it closes. Answers are written as they are made and
 * flushed once a turn of the request queue is over. A close asked for during a read waits for the end of
 * that read: the decoders in front may still hand on what they decoded (or the error they met) in the
 * same read, and that must reach the connection (which drops it) rather than a pipeline already taken
 * apart. Used on the event loop only.
 */
final class ResponseWriter {

    private final ChannelHandlerContext ctx;
    private long lastWriteNanos = System.nanoTime();
    /** Between a channelRead and the end of that read. */
    private boolean reading;
    /** The last write before a close asked for during a read; the close follows at the end of the read. */
    private ChannelFuture closeAfterRead;

    ResponseWriter(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Writes {@code message}; it goes out with the next {@link #flush()}. */
    void send(BoltMessage message) {
        lastWriteNanos = System.nanoTime();
        ctx.write(message, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** Writes {@code failure} at once, then closes the connection. */
    void sendAndClose(BoltMessage failure) {
        closeAfter(ctx.writeAndFlush(failure));
    }

    /** Closes the connection once what was written so far went out. */
    void close() {
        closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
    }

    /** Closes the connection now, whatever is still being written. */
    void closeNow() {
        ctx.close();
    }

    /** A read began. */
    void reading() {
        reading = true;
    }

    boolean inRead() {
        return reading;
    }

    /** The read is over: a close asked for during it happens now. */
    void readComplete() {
        reading = false;
        ChannelFuture close = closeAfterRead;
        closeAfterRead = null;
        if (close != null) {
            close.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sends a NOOP chunk if nothing was written for {@code quietNanos}, so that the peer knows we are alive. */
    void keepAlive(long quietNanos) {
        if (ctx.channel().isActive() && System.nanoTime() - lastWriteNanos > quietNanos) {
            lastWriteNanos = System.nanoTime();
            ctx.writeAndFlush(ChunkWriter.NOOP.duplicate(), ctx.voidPromise());
        }
    }

    private void closeAfter(ChannelFuture lastWrite) {
        if (reading) {
            closeAfterRead = lastWrite;
        } else {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
