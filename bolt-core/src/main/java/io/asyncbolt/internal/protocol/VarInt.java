package io.asyncbolt.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The handshake's variable-length unsigned integer: little-endian groups of 7 bits, the high bit of
 * each byte meaning "more bytes follow" ({@code 01}=1, {@code 7F}=127, {@code AC 02}=300,
 * {@code FF 82 71}=1851775). Values are limited to 63 bits, encodings to 10 bytes.
 */
final class VarInt {

    /** Returned by {@link #read} when the buffer does not yet hold the whole value. */
    static final long INCOMPLETE = -1;

    /** Longest accepted encoding (the 10th byte may only be a zero pad). */
    static final int MAX_BYTES = 10;

    private VarInt() {
    }

    /** Number of bytes {@link #write} uses for {@code value}. */
    static int encodedLength(long value) {
        checkValue(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} (0..2^63-1) in its shortest encoding. */
    static void write(ByteBuf out, long value) {
        checkValue(value);
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    /**
     * Reads a value from the reader index of {@code in}. When the value is incomplete, returns
     * {@link #INCOMPLETE} and leaves the reader index unchanged; otherwise consumes it.
     *
     * @throws CorruptedFrameException if the encoding is longer than 10 bytes or the value needs
     *     more than 63 bits (nothing is consumed)
     */
    static long read(ByteBuf in) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (index + i >= end) {
                return INCOMPLETE;
            }
            int b = in.getUnsignedByte(index + i);
            int bits = b & 0x7F;
            if (i == MAX_BYTES - 1) {
                if (bits != 0) {
                    throw new CorruptedFrameException("VarInt value exceeds 63 bits");
                }
            } else {
                value |= ((long) bits) << (7 * i);
            }
            if ((b & 0x80) == 0) {
                in.readerIndex(index + i + 1);
                return value;
            }
        }
        throw new CorruptedFrameException("VarInt longer than " + MAX_BYTES + " bytes");
    }

    private static void checkValue(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("VarInt values are unsigned 63-bit: " + value);
        }
    }
}
