package io.asyncbolt.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.internal.protocol.Bytes.Split;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.testing.LeakCheck;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message of every version through the whole framing pipeline, the way a peer's bytes arrive:
 * {@link MessageEncoder} (packing straight into chunks) on one side, {@link ChunkDecoder} +
 * {@link MessageDecoder} on the other, with NOOP chunks between messages and the byte stream cut one
 * byte at a time or at random places (inside chunk headers, inside values). What comes out must be
 * exactly the messages that went in, in order, with every NOOP dropped and no buffer leaked.
 */
@ExtendWith(LeakCheck.class)
class MessagePipelineTest {

    /** Chunk sizes: the default, and a tiny one so that every message spans several chunks. */
    private static final int[] CHUNK_SIZES = {ChunkWriter.MAX_CHUNK_SIZE, 5};

    static Stream<Arguments> versionsAndSplits() {
        return BoltVersion.ALL.stream().flatMap(v -> Stream.of(Split.ONE_BYTE, Split.RANDOM)
                .flatMap(split -> java.util.Arrays.stream(CHUNK_SIZES).mapToObj(size -> Arguments.of(v, split, size))));
    }

    @ParameterizedTest(name = "Bolt {0}, {1} reads, chunks of {2}")
    @MethodSource("versionsAndSplits")
    void everyMessageSurvivesTheChunkedPipelineWithNoopsBetween(BoltVersion version, Split split, int chunkSize) {
        BoltProtocol protocol = BoltProtocol.forVersion(version);
        List<BoltMessage> messages = BoltProtocolTest.everyMessageOnEveryVersion()
                .filter(a -> a.get()[0].equals(version))
                .map(a -> (BoltMessage) a.get()[1])
                .toList();
        assertThat(messages).hasSizeGreaterThanOrEqualTo(15);
        Wire stream = encode(protocol, new ChunkWriter(chunkSize), messages);

        int seeds = split == Split.RANDOM ? 25 : 1;
        for (long seed = 0; seed < seeds; seed++) {
            assertThat(decode(protocol, stream, split, seed)).as("seed %d", seed).containsExactlyElementsOf(messages);
        }
    }

    /** Messages larger than one 65535-byte chunk, mixed with small ones, in random reads. */
    @Test
    void messagesLargerThanOneChunkSurviveRandomSplits() {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        String big = "x".repeat(150_000) + "ü";
        List<Object> many = new ArrayList<>();
        for (long i = 0; i < 20_000; i++) {
            many.add(i * 1_000_003);
        }
        List<BoltMessage> messages = List.of(
                new RunMessage("RETURN $big", Map.of("big", big), Map.of()),
                SuccessMessage.EMPTY,
                new RecordMessage(List.of(big, many)),
                new RecordMessage(List.of(1L)));
        Wire stream = encode(protocol, ChunkWriter.DEFAULT, messages);
        for (long seed = 0; seed < 3; seed++) {
            assertThat(decode(protocol, stream, Split.RANDOM, seed)).as("seed %d", seed)
                    .containsExactlyElementsOf(messages);
        }
    }

    /** Encoded messages with 0..2 NOOPs before each and 2 at the end. */
    private record Wire(byte[] bytes, long noops) {
    }

    private static Wire encode(BoltProtocol protocol, ChunkWriter writer, List<BoltMessage> messages) {
        EmbeddedChannel out = new EmbeddedChannel(new MessageEncoder(protocol, writer));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long noops = 0;
        for (int i = 0; i < messages.size(); i++) {
            for (int k = 0; k < i % 3; k++) {
                bytes.writeBytes(new byte[2]);
                noops++;
            }
            assertThat(out.writeOutbound(messages.get(i))).isTrue();
            byte[] framed = Bytes.outbound(out);
            assertThat(framed.length).isGreaterThan(4);
            // never an empty chunk inside a message: the only 00 00 header is the end marker
            assertThat(framed[framed.length - 2]).isZero();
            assertThat(framed[framed.length - 1]).isZero();
            bytes.writeBytes(framed);
        }
        bytes.writeBytes(new byte[4]);
        noops += 2;
        assertThat(out.finishAndReleaseAll()).isFalse();
        return new Wire(bytes.toByteArray(), noops);
    }

    private static List<BoltMessage> decode(BoltProtocol protocol, Wire stream, Split split, long seed) {
        ChunkDecoder chunks = new ChunkDecoder();
        EmbeddedChannel in = new EmbeddedChannel(chunks, new MessageDecoder(protocol));
        Bytes.feed(in, stream.bytes(), split, seed);
        List<BoltMessage> decoded = new ArrayList<>();
        for (Object o; (o = in.readInbound()) != null; ) {
            decoded.add((BoltMessage) o);
        }
        assertThat(chunks.noopCount()).as("NOOPs dropped").isEqualTo(stream.noops());
        assertThat(in.finishAndReleaseAll()).isFalse();
        return decoded;
    }
}
