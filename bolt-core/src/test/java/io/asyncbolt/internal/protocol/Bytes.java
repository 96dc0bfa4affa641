package io.asyncbolt.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Test helpers: feeding and draining {@link EmbeddedChannel}s (hex vectors: {@link io.asyncbolt.testing.Hex}). */
final class Bytes {

    private Bytes() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Copies the readable bytes and releases the buffer. */
    static byte[] drain(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** All outbound bytes written so far, concatenated (buffers released). */
    static byte[] outbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.writeBytes(drain((ByteBuf) o));
        }
        return out.toByteArray();
    }

    /** How an input is cut into reads. */
    enum Split {
        WHOLE, ONE_BYTE, RANDOM;

        /** Piece sizes for {@code length} bytes; RANDOM uses {@code seed}. */
        int[] pieces(int length, long seed) {
            return switch (this) {
                case WHOLE -> new int[] {length};
                case ONE_BYTE -> {
                    int[] p = new int[length];
                    java.util.Arrays.fill(p, 1);
                    yield p;
                }
                case RANDOM -> randomPieces(length, new Random(seed));
            };
        }
    }

    static int[] randomPieces(int length, Random random) {
        java.util.List<Integer> pieces = new java.util.ArrayList<>();
        int left = length;
        while (left > 0) {
            int max = random.nextInt(4) == 0 ? Math.max(1, length / 3) : 8;
            int n = Math.min(left, 1 + random.nextInt(max));
            pieces.add(n);
            left -= n;
        }
        return pieces.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Writes {@code data} inbound in pieces (each a fresh pooled buffer), stopping when the channel
     * closes. Exceptions recorded by the channel are rethrown.
     */
    static void feed(EmbeddedChannel ch, byte[] data, int[] pieces) {
        int offset = 0;
        for (int n : pieces) {
            if (!ch.isOpen()) {
                return;
            }
            ByteBuf buf = ch.alloc().buffer(n).writeBytes(data, offset, n);
            ch.writeInbound(buf);
            offset += n;
        }
    }

    static void feed(EmbeddedChannel ch, byte[] data, Split split, long seed) {
        feed(ch, data, split.pieces(data.length, seed));
    }

    static void feed(EmbeddedChannel ch, byte[] data) {
        feed(ch, data, Split.WHOLE, 0);
    }
}
