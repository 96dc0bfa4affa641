package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltMessageTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Inbound Bolt framing: turns the chunked byte stream ({@code [u16 length][bytes]...00 00}) into one
 * {@link ByteBuf} per complete message (the PackStream bytes of the message, without chunk headers).
 *
 * <ul>
 *   <li>A message made of a single chunk is emitted as a retained slice of the input (no copy). The
 *       chunks of a multi-chunk message are gathered into a {@link CompositeByteBuf} of retained
 *       slices; very small chunks (below {@value #COPY_THRESHOLD} bytes) are copied into one shared
 *       buffer instead, so hostile 1-byte chunks cannot create millions of components.</li>
 *   <li>An empty chunk ({@code 00 00}) with nothing pending is a NOOP (keep-alive) and is dropped;
 *       see {@link #noopCount()}.</li>
 *   <li>The maximum message size is enforced as soon as a chunk header announces bytes that would
 *       exceed it: the pending part is released, a {@link BoltMessageTooLargeException} is thrown
 *       (it travels down the pipeline as {@code exceptionCaught}), and the remaining chunks of that
 *       message are skipped up to its terminator (as with any {@code ByteToMessageDecoder}, decoding
 *       resumes with the next read after the exception). The limit can be changed at any time with
 *       {@link #setMaxMessageSize(int)}, e.g. raised after authentication.</li>
 *   <li>Each emitted buffer is owned by the next handler, which must release it.</li>
 * </ul>
 *
 * <p>Input may be split anywhere. Not sharable: one instance per channel.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {

    /** Default maximum message size: 64 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

    /** Chunks smaller than this are copied rather than added as their own composite component. */
    static final int COPY_THRESHOLD = 512;

    private static final int HEADER_SIZE = 2;

    private volatile int maxMessageSize;

    /** The first chunk's slice, or the composite once there is more than one chunk. */
    private ByteBuf pending;
    /** Non-null when {@link #pending} is a composite this decoder created. */
    private CompositeByteBuf composite;
    /** Copy buffer for small chunks, appended to {@link #composite} before the next big chunk. */
    private ByteBuf smallChunks;
    private int pendingSize;

    /** True while skipping the chunks of a message that exceeded the limit. */
    private boolean discarding;
    /** Body bytes of the current chunk still to skip (discard mode). */
    private int skipRemaining;

    private long noopCount;

    /** A decoder with the {@linkplain #DEFAULT_MAX_MESSAGE_SIZE default} maximum message size. */
    public ChunkDecoder() {
        this(DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * @param maxMessageSize maximum size in bytes of one message (sum of its chunk bodies), at least 1
     */
    public ChunkDecoder(int maxMessageSize) {
        setMaxMessageSize(maxMessageSize);
    }

    /** The maximum message size in bytes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Changes the maximum message size; applies from the next chunk header on (a message already
     * being accumulated is checked against the new limit when its next chunk arrives).
     *
     * @param maxMessageSize maximum size in bytes of one message, at least 1
     */
    public void setMaxMessageSize(int maxMessageSize) {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /** Number of NOOP chunks (empty chunks with no message pending) received and dropped so far. */
    public long noopCount() {
        return noopCount;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (skipRemaining > 0) {
                int n = Math.min(skipRemaining, in.readableBytes());
                in.skipBytes(n);
                skipRemaining -= n;
                if (skipRemaining > 0) {
                    return;
                }
            }
            if (in.readableBytes() < HEADER_SIZE) {
                return;
            }
            int length = in.getUnsignedShort(in.readerIndex());
            if (length == 0) {
                in.skipBytes(HEADER_SIZE);
                if (discarding) {
                    discarding = false;
                } else if (pending == null) {
                    noopCount++;
                } else {
                    out.add(takeMessage());
                }
                continue;
            }
            if (discarding) {
                in.skipBytes(HEADER_SIZE);
                skipRemaining = length;
                continue;
            }
            long newSize = (long) pendingSize + length;
            int limit = maxMessageSize;
            if (newSize > limit) {
                in.skipBytes(HEADER_SIZE);
                skipRemaining = length;
                discarding = true;
                releasePending();
                throw new BoltMessageTooLargeException(limit, newSize);
            }
            if (in.readableBytes() < HEADER_SIZE + length) {
                return;
            }
            in.skipBytes(HEADER_SIZE);
            append(ctx, in, length);
        }
    }

    private void append(ChannelHandlerContext ctx, ByteBuf in, int length) {
        if (pending == null) {
            pending = in.readRetainedSlice(length);
        } else {
            if (composite == null) {
                composite = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                composite.addComponent(true, pending);
                pending = composite;
            }
            if (length < COPY_THRESHOLD) {
                if (smallChunks == null) {
                    smallChunks = ctx.alloc().buffer(Math.max(COPY_THRESHOLD, length));
                }
                smallChunks.writeBytes(in, length);
            } else {
                flushSmallChunks();
                composite.addComponent(true, in.readRetainedSlice(length));
            }
        }
        pendingSize += length;
    }

    private void flushSmallChunks() {
        if (smallChunks != null) {
            ByteBuf b = smallChunks;
            smallChunks = null;
            composite.addComponent(true, b);
        }
    }

    private ByteBuf takeMessage() {
        if (composite != null) {
            flushSmallChunks();
        }
        ByteBuf message = pending;
        pending = null;
        composite = null;
        pendingSize = 0;
        return message;
    }

    private void releasePending() {
        if (smallChunks != null) {
            smallChunks.release();
            smallChunks = null;
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        composite = null;
        pendingSize = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            releasePending();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePending();
    }
}
