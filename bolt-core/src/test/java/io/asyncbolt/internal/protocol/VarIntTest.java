package io.asyncbolt.internal.protocol;

import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarIntTest {

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7F",
        "128, 80 01",
        "300, AC 02",
        "1851775, FF 82 71",
        "9223372036854775807, FF FF FF FF FF FF FF FF 7F",
    })
    void encodesAndDecodes(long value, String encoded) {
        ByteBuf buf = Unpooled.buffer();
        VarInt.write(buf, value);
        assertThat(hex(Bytes.drain(buf.copy()))).isEqualTo(encoded);
        assertThat(VarInt.encodedLength(value)).isEqualTo(hex(encoded).length);
        buf.writeByte(0x42);
        assertThat(VarInt.read(buf)).isEqualTo(value);
        assertThat(buf.readableBytes()).isEqualTo(1);
        buf.release();
    }

    @Test
    void incompleteInputConsumesNothing() {
        byte[] full = hex("FF 82 71");
        for (int n = 0; n < full.length; n++) {
            ByteBuf buf = Unpooled.wrappedBuffer(full, 0, n);
            assertThat(VarInt.read(buf)).isEqualTo(VarInt.INCOMPLETE);
            assertThat(buf.readerIndex()).isZero();
        }
    }

    @Test
    void acceptsAZeroTenthByte() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("81 80 80 80 80 80 80 80 80 00"));
        assertThat(VarInt.read(buf)).isEqualTo(1);
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void rejectsValuesOver63BitsAndEncodingsOver10Bytes() {
        ByteBuf over63 = Unpooled.wrappedBuffer(hex("FF FF FF FF FF FF FF FF FF 01"));
        assertThatThrownBy(() -> VarInt.read(over63)).isInstanceOf(CorruptedFrameException.class);
        assertThat(over63.readerIndex()).isZero();
        ByteBuf tooLong = Unpooled.wrappedBuffer(hex("80 80 80 80 80 80 80 80 80 80 00"));
        assertThatThrownBy(() -> VarInt.read(tooLong)).isInstanceOf(CorruptedFrameException.class);
        ByteBuf tooLongIncomplete = Unpooled.wrappedBuffer(hex("80 80 80 80 80 80 80 80 80 80"));
        assertThatThrownBy(() -> VarInt.read(tooLongIncomplete)).isInstanceOf(CorruptedFrameException.class);
        assertThatThrownBy(() -> VarInt.write(Unpooled.buffer(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
