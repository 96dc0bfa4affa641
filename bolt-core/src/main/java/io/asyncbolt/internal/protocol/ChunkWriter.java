package io.asyncbolt.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Outbound Bolt framing: writes one message as chunks {@code [u16 length][bytes]} followed by the
 * {@code 00 00} end marker, for message encoders that write the PackStream body straight into the
 * output buffer.
 *
 * <pre>{@code
 * int start = chunkWriter.beginMessage(out);   // reserves the 2-byte chunk header
 * packer.pack(message, out);                   // the whole body, contiguously
 * chunkWriter.endMessage(out, start);          // back-patches the header, appends 00 00
 * }</pre>
 *
 * <p>A body of up to {@link #maxChunkSize()} bytes costs nothing beyond the header and marker. A
 * larger body is rewritten in place as several chunks (through a temporary copy; this is rare).
 * Instances are immutable and thread-safe; {@link #DEFAULT} uses chunks of up to 65535 bytes.
 */
public final class ChunkWriter {

    /** Largest chunk body the protocol allows. */
    public static final int MAX_CHUNK_SIZE = 0xFFFF;

    /** The two bytes {@code 00 00}: a NOOP chunk when no message is pending, else the end marker. */
    public static final int NOOP_SIZE = 2;

    private static final byte[] NOOP_BYTES = {0, 0};

    /**
     * A read-only, unreleasable {@code 00 00} NOOP buffer. Write {@code NOOP.duplicate()} to a channel
     * (never the constant itself, as writing moves its reader index), or use {@link #writeNoop}.
     */
    public static final ByteBuf NOOP =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(NOOP_BYTES).asReadOnly());

    /** Writer with chunks of up to 65535 bytes. */
    public static final ChunkWriter DEFAULT = new ChunkWriter(MAX_CHUNK_SIZE);

    private final int maxChunkSize;

    /**
     * @param maxChunkSize largest chunk body to write, 1..65535 (small values are useful in tests)
     */
    public ChunkWriter(int maxChunkSize) {
        if (maxChunkSize < 1 || maxChunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("maxChunkSize must be in 1.." + MAX_CHUNK_SIZE + ": " + maxChunkSize);
        }
        this.maxChunkSize = maxChunkSize;
    }

    /** The largest chunk body this writer produces. */
    public int maxChunkSize() {
        return maxChunkSize;
    }

    /**
     * Reserves the first chunk header at the writer index of {@code out}.
     *
     * @return the start index to pass to {@link #endMessage}
     */
    public int beginMessage(ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(0);
        return start;
    }

    /**
     * Completes a message begun with {@link #beginMessage}: everything written to {@code out} after
     * the reserved header is the body. Fills in the header (splitting the body into several chunks if
     * it is larger than {@link #maxChunkSize()}) and appends {@code 00 00}.
     *
     * @throws IllegalArgumentException if the body is empty (Bolt cannot frame an empty message) or
     *     {@code start} is not a position returned by {@code beginMessage}
     */
    public void endMessage(ByteBuf out, int start) {
        int bodyStart = start + 2;
        int end = out.writerIndex();
        if (start < 0 || bodyStart > end) {
            throw new IllegalArgumentException("Invalid message start " + start + " (writer index " + end + ")");
        }
        int bodyLength = end - bodyStart;
        if (bodyLength == 0) {
            throw new IllegalArgumentException("A Bolt message cannot be empty");
        }
        if (bodyLength <= maxChunkSize) {
            out.setShort(start, bodyLength);
            out.writeShort(0);
            return;
        }
        ByteBuf body = out.alloc().heapBuffer(bodyLength, bodyLength);
        try {
            body.writeBytes(out, bodyStart, bodyLength);
            int chunks = (bodyLength + maxChunkSize - 1) / maxChunkSize;
            out.writerIndex(start);
            out.ensureWritable(bodyLength + 2 * chunks + 2);
            while (body.isReadable()) {
                int n = Math.min(maxChunkSize, body.readableBytes());
                out.writeShort(n);
                out.writeBytes(body, n);
            }
            out.writeShort(0);
        } finally {
            body.release();
        }
    }

    /**
     * Writes one whole message whose body is {@code body}'s readable bytes (not consumed, not released).
     */
    public void writeMessage(ByteBuf out, ByteBuf body) {
        if (!body.isReadable()) {
            throw new IllegalArgumentException("A Bolt message cannot be empty");
        }
        int index = body.readerIndex();
        int remaining = body.readableBytes();
        out.ensureWritable(remaining + 2 * ((remaining + maxChunkSize - 1) / maxChunkSize) + 2);
        while (remaining > 0) {
            int n = Math.min(maxChunkSize, remaining);
            out.writeShort(n);
            out.writeBytes(body, index, n);
            index += n;
            remaining -= n;
        }
        out.writeShort(0);
    }

    /** Appends a NOOP chunk ({@code 00 00}) to {@code out}. */
    public static void writeNoop(ByteBuf out) {
        out.writeShort(0);
    }
}
