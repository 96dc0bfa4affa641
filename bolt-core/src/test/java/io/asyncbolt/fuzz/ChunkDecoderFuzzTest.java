package io.asyncbolt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.asyncbolt.fuzz.FuzzSupport.Input;
import io.asyncbolt.fuzz.FuzzSupport.TrackingAllocator;
import io.asyncbolt.protocol.BoltMessageTooLargeException;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary bytes, split at fuzzer-chosen sizes, into a {@link ChunkDecoder} with a fuzzer-chosen maximum
 * message size. The decoder must emit exactly the messages (and {@link BoltMessageTooLargeException}s,
 * in the same order) that a straightforward reference reading of the chunk framing finds, throw nothing
 * else, keep no buffer larger than its bounds explain, and release everything when the channel closes.
 *
 * <p>Input: {@code [u16 max-1][u8 fragment size, 0 = one write][stream...]}.
 */
class ChunkDecoderFuzzTest {

    /** Marks a {@link BoltMessageTooLargeException} in the list of events. */
    private static final byte[] TOO_LARGE = new byte[0];

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest
    void decode(byte[] data) {
        FuzzSupport.assertNoReports();
        Input input = new Input(data);
        int max = 1 + input.u16();
        int fragment = input.u8();
        byte[] stream = input.rest();

        Model expected = new Model(max);
        expected.read(stream);

        ChunkDecoder decoder = new ChunkDecoder(max);
        EmbeddedChannel ch = FuzzSupport.channel(alloc, decoder);
        List<byte[]> events = new ArrayList<>();
        int step = fragment == 0 ? Math.max(stream.length, 1) : fragment;
        for (int off = 0; off < stream.length; off += step) {
            int n = Math.min(step, stream.length - off);
            boolean failed = write(ch, alloc.copyOf(stream, off, n), max, events);
            // like any ByteToMessageDecoder, decoding resumes with the next read after an exception
            while (failed) {
                failed = write(ch, Unpooled.EMPTY_BUFFER, max, events);
            }
        }
        int capacity = alloc.largestCurrentCapacity();
        if (capacity > Math.max(4L * max, 2L * stream.length) + 1024) {
            throw new AssertionError("a buffer of " + capacity + " bytes for max " + max + " and "
                    + stream.length + " input bytes");
        }
        if (!sameEvents(expected.events, events)) {
            throw new AssertionError("expected " + describe(expected.events) + " but decoded " + describe(events));
        }
        if (decoder.noopCount() != expected.noops) {
            throw new AssertionError("noops: expected " + expected.noops + ", counted " + decoder.noopCount());
        }
        ch.finishAndReleaseAll();
        FuzzSupport.drain(ch);
        alloc.assertAllReleased();
    }

    /** Writes one buffer; returns whether the decoder reported a too-large message. */
    private static boolean write(EmbeddedChannel ch, ByteBuf buf, int max, List<byte[]> events) {
        boolean tooLarge = false;
        try {
            ch.writeInbound(buf);
        } catch (BoltMessageTooLargeException e) {
            if (e.maxMessageSize() != max || e.attemptedSize() <= max) {
                throw new AssertionError("inconsistent " + e.getMessage());
            }
            tooLarge = true;
        }
        ByteBuf m;
        while ((m = ch.readInbound()) != null) {
            try {
                if (m.readableBytes() == 0 || m.readableBytes() > max) {
                    throw new AssertionError("a message of " + m.readableBytes() + " bytes (max " + max + ")");
                }
                events.add(ByteBufUtil.getBytes(m));
            } finally {
                m.release();
            }
        }
        if (tooLarge) {
            events.add(TOO_LARGE);
        }
        return tooLarge;
    }

    private static boolean sameEvents(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if ((a.get(i) == TOO_LARGE) != (b.get(i) == TOO_LARGE) || !Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<byte[]> events) {
        StringBuilder s = new StringBuilder("[");
        for (byte[] e : events) {
            s.append(e == TOO_LARGE ? "TOO_LARGE" : e.length + " bytes").append(' ');
        }
        return s.append(']').toString();
    }

    /** The chunk framing read the obvious way, over the whole stream at once. */
    private static final class Model {
        final int max;
        final List<byte[]> events = new ArrayList<>();
        long noops;

        Model(int max) {
            this.max = max;
        }

        void read(byte[] s) {
            java.io.ByteArrayOutputStream pending = null;
            boolean discarding = false;
            int pos = 0;
            while (pos + 2 <= s.length) {
                int length = ((s[pos] & 0xFF) << 8) | (s[pos + 1] & 0xFF);
                if (length == 0) {
                    pos += 2;
                    if (discarding) {
                        discarding = false;
                    } else if (pending == null) {
                        noops++;
                    } else {
                        events.add(pending.toByteArray());
                        pending = null;
                    }
                    continue;
                }
                if (discarding) {
                    pos += 2 + length;
                    continue;
                }
                int size = pending == null ? 0 : pending.size();
                if ((long) size + length > max) {
                    events.add(TOO_LARGE);
                    discarding = true;
                    pending = null;
                    pos += 2 + length;
                    continue;
                }
                if (pos + 2 + length > s.length) {
                    return;
                }
                if (pending == null) {
                    pending = new java.io.ByteArrayOutputStream();
                }
                pending.write(s, pos + 2, length);
                pos += 2 + length;
            }
        }
    }
}
