package io.asyncbolt.internal.protocol;

import static io.asyncbolt.internal.protocol.Bytes.concat;
import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.internal.protocol.Bytes.Split;
import io.asyncbolt.protocol.BoltMessageTooLargeException;
import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(LeakCheck.class)
class ChunkDecoderTest {

    /** Wire bytes and message bodies of the examples in bolt-protocol.md section 2.4. */
    private static final String[][] DOC_EXAMPLES = {
        {"00 02 B0 0F 00 00", "B0 0F"},                       // RESET
        {"00 02 B0 02 00 00", "B0 02"},                       // GOODBYE
        {"00 02 B0 12 00 00", "B0 12"},                       // COMMIT
        {"00 02 B0 13 00 00", "B0 13"},                       // ROLLBACK
        {"00 03 B1 70 A0 00 00", "B1 70 A0"},                 // SUCCESS {}
        {"00 02 B0 7E 00 00", "B0 7E"},                       // IGNORED
        {"00 06 B1 3F A1 81 6E FF 00 00", "B1 3F A1 81 6E FF"},      // PULL {n:-1}
        {"00 08 B1 3F A1 81 6E C9 03 E8 00 00", "B1 3F A1 81 6E C9 03 E8"}, // PULL {n:1000}
        {"00 03 B1 54 02 00 00", "B1 54 02"},                 // TELEMETRY 2
        {"00 04 B1 71 91 01 00 00", "B1 71 91 01"},           // RECORD [1]
    };

    private static final byte[] NOOP = hex("00 00");

    /** All doc examples, with 0, 1 or 2 NOOPs before each (and 3 at the end). */
    private static byte[] docStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < DOC_EXAMPLES.length; i++) {
            for (int k = 0; k < i % 3; k++) {
                out.writeBytes(NOOP);
            }
            out.writeBytes(hex(DOC_EXAMPLES[i][0]));
        }
        out.writeBytes(hex("00 00 00 00 00 00"));
        return out.toByteArray();
    }

    private static long docNoops() {
        long n = 3;
        for (int i = 0; i < DOC_EXAMPLES.length; i++) {
            n += i % 3;
        }
        return n;
    }

    private static List<byte[]> readMessages(EmbeddedChannel ch) {
        List<byte[]> messages = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            messages.add(Bytes.drain((ByteBuf) o));
        }
        return messages;
    }

    private static void assertDocMessages(List<byte[]> messages) {
        assertThat(messages).hasSize(DOC_EXAMPLES.length);
        for (int i = 0; i < DOC_EXAMPLES.length; i++) {
            assertThat(hex(messages.get(i))).isEqualTo(DOC_EXAMPLES[i][1]);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"WHOLE", "ONE_BYTE"})
    void decodesTheDocExamplesWithNoopsBetween(Split split) {
        ChunkDecoder decoder = new ChunkDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        Bytes.feed(ch, docStream(), split, 0);
        assertDocMessages(readMessages(ch));
        assertThat(decoder.noopCount()).isEqualTo(docNoops());
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesTheDocExamplesInRandomSplits() {
        byte[] stream = docStream();
        for (long seed = 0; seed < 500; seed++) {
            ChunkDecoder decoder = new ChunkDecoder();
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            Bytes.feed(ch, stream, Split.RANDOM, seed);
            assertDocMessages(readMessages(ch));
            assertThat(decoder.noopCount()).as("seed %d", seed).isEqualTo(docNoops());
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void singleChunkMessageIsASliceNotAComposite() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder());
        Bytes.feed(ch, hex("00 02 B0 0F 00 00"));
        ByteBuf message = ch.readInbound();
        assertThat(message).isNotInstanceOf(CompositeByteBuf.class);
        assertThat(hex(Bytes.drain(message))).isEqualTo("B0 0F");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    /** Frames {@code body} with the given chunk sizes (cycled), then the end marker. */
    static byte[] chunked(byte[] body, int... chunkSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        int k = 0;
        while (offset < body.length) {
            int n = Math.min(chunkSizes[k++ % chunkSizes.length], body.length - offset);
            out.write(n >>> 8);
            out.write(n & 0xFF);
            out.write(body, offset, n);
            offset += n;
        }
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    @Test
    void assemblesMultiChunkMessages() {
        byte[] big = randomBody(65535 * 2 + 1000, 1);
        byte[] medium = randomBody(5000, 2);
        byte[] tiny = randomBody(3000, 3);
        byte[] mixed = randomBody(20000, 4);
        byte[] stream = concat(
                chunked(big, 65535),                    // 65535 + 65535 + 1000
                NOOP,
                chunked(medium, 1400),
                chunked(tiny, 1),                       // 1-byte chunks: copied, not components
                NOOP, NOOP,
                chunked(mixed, 700, 3, 5000, 1, 511, 512, 65535),
                hex("00 04 B1 71 91 01 00 00"));
        for (Split split : new Split[] {Split.WHOLE, Split.RANDOM}) {
            for (long seed = 0; seed < (split == Split.WHOLE ? 1 : 20); seed++) {
                ChunkDecoder decoder = new ChunkDecoder();
                EmbeddedChannel ch = new EmbeddedChannel(decoder);
                Bytes.feed(ch, stream, split, seed);
                List<byte[]> messages = readMessages(ch);
                assertThat(messages).hasSize(5);
                assertThat(messages.get(0)).isEqualTo(big);
                assertThat(messages.get(1)).isEqualTo(medium);
                assertThat(messages.get(2)).isEqualTo(tiny);
                assertThat(messages.get(3)).isEqualTo(mixed);
                assertThat(hex(messages.get(4))).isEqualTo("B1 71 91 01");
                assertThat(decoder.noopCount()).isEqualTo(3);
                assertThat(ch.finishAndReleaseAll()).isFalse();
            }
        }
    }

    @Test
    void tinyChunksDoNotBecomeOneComponentEach() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder());
        byte[] body = randomBody(10_000, 5);
        Bytes.feed(ch, chunked(body, 1));
        ByteBuf message = ch.readInbound();
        assertThat(message).isInstanceOf(CompositeByteBuf.class);
        assertThat(((CompositeByteBuf) message).numComponents()).isLessThanOrEqualTo(2);
        assertThat(Bytes.drain(message)).isEqualTo(body);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void maxMessageSizeExceededThrowsReleasesAndSkipsTheRestOfTheMessage() {
        for (Split split : Split.values()) {
            ChunkDecoder decoder = new ChunkDecoder(100);
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            byte[] ok = randomBody(100, 6);
            byte[] tooBig = randomBody(250, 7);
            byte[] stream = concat(chunked(ok, 60), chunked(tooBig, 60), NOOP, hex("00 02 B0 0F 00 00"));
            List<Throwable> errors = new ArrayList<>();
            int[] pieces = split.pieces(stream.length, 9);
            int offset = 0;
            for (int n : pieces) {
                ByteBuf buf = ch.alloc().buffer(n).writeBytes(stream, offset, n);
                offset += n;
                try {
                    ch.writeInbound(buf);
                } catch (BoltMessageTooLargeException e) {
                    errors.add(e);
                }
            }
            // as with any ByteToMessageDecoder, decoding resumes with the next read after an exception
            Bytes.feed(ch, hex("00 02 B0 02 00 00"));
            assertThat(errors).as(split.name()).hasSize(1);
            BoltMessageTooLargeException e = (BoltMessageTooLargeException) errors.get(0);
            assertThat(e.maxMessageSize()).isEqualTo(100);
            assertThat(e.attemptedSize()).isEqualTo(120);
            assertThat(e).hasMessageContaining("too large").hasMessageContaining("100");
            List<byte[]> messages = readMessages(ch);
            assertThat(messages).hasSize(3);
            assertThat(messages.get(0)).isEqualTo(ok);
            assertThat(hex(messages.get(1))).isEqualTo("B0 0F");
            assertThat(hex(messages.get(2))).isEqualTo("B0 02");
            assertThat(decoder.noopCount()).isEqualTo(1);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void maxMessageSizeIsCheckedOnTheChunkHeaderBeforeTheBodyArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1000));
        assertThatThrownBy(() -> Bytes.feed(ch, hex("FF FF 01 02")))
                .isInstanceOf(BoltMessageTooLargeException.class);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void maxMessageSizeCanBeRaisedLater() {
        ChunkDecoder decoder = new ChunkDecoder(10);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] body = randomBody(50, 8);
        assertThatThrownBy(() -> Bytes.feed(ch, chunked(body, 50)))
                .isInstanceOf(BoltMessageTooLargeException.class);
        decoder.setMaxMessageSize(50);
        assertThat(decoder.maxMessageSize()).isEqualTo(50);
        Bytes.feed(ch, chunked(body, 20));
        assertThat(readMessages(ch)).singleElement().isEqualTo(body);
        assertThatThrownBy(() -> decoder.setMaxMessageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void releasesAPartialMessageWhenTheChannelCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder());
        ByteBuf input = ch.alloc().buffer().writeBytes(chunked(randomBody(3000, 9), 1000));
        input.writerIndex(input.writerIndex() - 10); // message incomplete
        input.retain();
        ch.writeInbound(input);
        assertThat(input.refCnt()).isGreaterThan(1); // slices of it are pending
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(input.refCnt()).isEqualTo(1);
        input.release();
    }

    @Test
    void releasesAPartialMessageWhenRemoved() {
        ChunkDecoder decoder = new ChunkDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ByteBuf input = ch.alloc().buffer().writeBytes(chunked(randomBody(3000, 10), 1000));
        input.writerIndex(input.writerIndex() - 1004); // two complete chunks, nothing else
        input.retain();
        ch.writeInbound(input);
        assertThat(input.refCnt()).isGreaterThan(1);
        ch.pipeline().remove(decoder);
        assertThat(input.refCnt()).isEqualTo(1);
        input.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
