package io.asyncbolt.packstream;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * Writes PackStream values into a Netty {@link ByteBuf}, always in the smallest encoding.
 * Stateless apart from its {@link ValueFormat}; one instance may be shared by any number of threads.
 */
public final class Packer {

    private final ValueFormat format;

    public Packer(ValueFormat format) {
        this.format = format;
    }

    public ValueFormat format() {
        return format;
    }

    /** Packs any supported value; unsupported types throw {@link PackStreamException}. */
    public void pack(ByteBuf out, Object value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packNull(ByteBuf out) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packBoolean(ByteBuf out, boolean value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packLong(ByteBuf out, long value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packDouble(ByteBuf out, double value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packString(ByteBuf out, String value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packBytes(ByteBuf out, byte[] value) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packListHeader(ByteBuf out, int size) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packMapHeader(ByteBuf out, int size) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packStructHeader(ByteBuf out, int fields, byte tag) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packList(ByteBuf out, List<?> values) {
        throw new UnsupportedOperationException("TODO");
    }

    public void packMap(ByteBuf out, Map<String, ?> map) {
        throw new UnsupportedOperationException("TODO");
    }
}
