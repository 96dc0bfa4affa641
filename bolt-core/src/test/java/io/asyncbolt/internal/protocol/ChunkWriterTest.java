package io.asyncbolt.internal.protocol;

import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LeakCheck.class)
class ChunkWriterTest {

    private static byte[] write(ChunkWriter writer, byte[]... bodies) {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer(16);
        for (byte[] body : bodies) {
            int start = writer.beginMessage(out);
            out.writeBytes(body);
            writer.endMessage(out, start);
        }
        return Bytes.drain(out);
    }

    private static List<byte[]> decode(byte[] wire) {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder());
        Bytes.feed(ch, wire);
        List<byte[]> messages = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            messages.add(Bytes.drain((ByteBuf) o));
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
        return messages;
    }

    @Test
    void smallBodiesGetOneChunkAndTheEndMarker() {
        assertThat(hex(write(ChunkWriter.DEFAULT, hex("B0 0F")))).isEqualTo("00 02 B0 0F 00 00");
        assertThat(hex(write(ChunkWriter.DEFAULT, hex("B1 3F A1 81 6E C9 03 E8"), hex("B1 70 A0"))))
                .isEqualTo("00 08 B1 3F A1 81 6E C9 03 E8 00 00 00 03 B1 70 A0 00 00");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65534, 65535, 65536, 131070, 131071, 200_000})
    void largeBodiesRoundTripThroughTheChunkDecoder(int size) {
        byte[] body = ChunkDecoderTest.randomBody(size, size);
        byte[] wire = write(ChunkWriter.DEFAULT, hex("B0 0F"), body, hex("B0 02"));
        int chunks = (size + 65534) / 65535;
        assertThat(wire).hasSize(6 + size + 2 * chunks + 2 + 6);
        // first header of the big message
        assertThat(((wire[6] & 0xFF) << 8) | (wire[7] & 0xFF)).isEqualTo(Math.min(size, 65535));
        List<byte[]> messages = decode(wire);
        assertThat(messages).hasSize(3);
        assertThat(hex(messages.get(0))).isEqualTo("B0 0F");
        assertThat(messages.get(1)).isEqualTo(body);
        assertThat(hex(messages.get(2))).isEqualTo("B0 02");
    }

    @Test
    void exactly65536BytesGiveAFullChunkAndAOneByteChunk() {
        byte[] body = ChunkDecoderTest.randomBody(65536, 1);
        byte[] wire = write(ChunkWriter.DEFAULT, body);
        assertThat(hex(new byte[] {wire[0], wire[1]})).isEqualTo("FF FF");
        assertThat(hex(java.util.Arrays.copyOfRange(wire, 65537, wire.length)))
                .isEqualTo("00 01 " + hex(new byte[] {body[65535]}) + " 00 00");
    }

    @Test
    void tinyChunkSizeSplitsAsConfigured() {
        ChunkWriter writer = new ChunkWriter(3);
        assertThat(writer.maxChunkSize()).isEqualTo(3);
        assertThat(hex(write(writer, hex("01 02 03 04 05 06 07"), hex("08 09 0A"))))
                .isEqualTo("00 03 01 02 03 00 03 04 05 06 00 01 07 00 00 00 03 08 09 0A 00 00");
        for (int size = 1; size < 50; size++) {
            byte[] body = ChunkDecoderTest.randomBody(size, size);
            assertThat(decode(write(writer, body))).singleElement().isEqualTo(body);
        }
    }

    @Test
    void writeMessageFramesAGivenBody() {
        ByteBuf body = ByteBufAllocator.DEFAULT.buffer().writeBytes(hex("01 02 03 04 05"));
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        new ChunkWriter(2).writeMessage(out, body);
        assertThat(body.readableBytes()).isEqualTo(5);
        body.release();
        assertThat(hex(Bytes.drain(out))).isEqualTo("00 02 01 02 00 02 03 04 00 01 05 00 00");
    }

    @Test
    void noop() {
        assertThat(ChunkWriter.NOOP_SIZE).isEqualTo(2);
        assertThat(hex(ByteBufUtil.getBytes(ChunkWriter.NOOP))).isEqualTo("00 00");
        assertThat(ChunkWriter.NOOP.isReadOnly()).isTrue();
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        ChunkWriter.writeNoop(out);
        assertThat(hex(Bytes.drain(out))).isEqualTo("00 00");
    }

    @Test
    void rejectsEmptyMessagesAndBadArguments() {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            int start = ChunkWriter.DEFAULT.beginMessage(out);
            assertThatThrownBy(() -> ChunkWriter.DEFAULT.endMessage(out, start))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> ChunkWriter.DEFAULT.endMessage(out, 5))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
        assertThatThrownBy(() -> new ChunkWriter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkWriter(65536)).isInstanceOf(IllegalArgumentException.class);
    }
}
