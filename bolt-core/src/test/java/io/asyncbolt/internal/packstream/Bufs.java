package io.asyncbolt.internal.packstream;

import static io.asyncbolt.testing.Hex.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import java.util.function.Function;

/** Test helpers that always release the buffers they allocate. */
final class Bufs {

    private Bufs() {
    }

    /** Runs {@code writer} on a fresh buffer and returns the written bytes. */
    static byte[] write(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static String packHex(Packer packer, Object value) {
        return hex(write(b -> packer.pack(b, value)));
    }

    /** Runs {@code reader} on a buffer holding {@code bytes}; the buffer is released afterwards. */
    static <T> T read(byte[] bytes, Function<ByteBuf, T> reader) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return reader.apply(buf);
        } finally {
            buf.release();
        }
    }

    /** Like {@link #read} but also checks that the reader consumed every byte. */
    static <T> T readAll(byte[] bytes, Function<ByteBuf, T> reader) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            T value = reader.apply(buf);
            if (buf.isReadable()) {
                throw new AssertionError(buf.readableBytes() + " bytes left unread in " + hex(bytes));
            }
            return value;
        } finally {
            buf.release();
        }
    }

    static Object unpack(Unpacker unpacker, String hex) {
        return readAll(hex(hex), unpacker::unpack);
    }
}
