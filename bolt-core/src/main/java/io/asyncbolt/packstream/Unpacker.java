package io.asyncbolt.packstream;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * Reads PackStream values from a Netty {@link ByteBuf} holding one whole message. Accepts every valid
 * encoding (non-minimal sizes and integers included), bounds every declared size by the bytes that
 * remain and every nesting by a maximum depth before allocating anything. Stateless apart from its
 * configuration; one instance may be shared by any number of threads.
 */
public final class Unpacker {

    public static final int DEFAULT_MAX_DEPTH = 100;

    private final ValueFormat format;
    private final int maxDepth;

    public Unpacker(ValueFormat format) {
        this(format, DEFAULT_MAX_DEPTH);
    }

    public Unpacker(ValueFormat format, int maxDepth) {
        this.format = format;
        this.maxDepth = maxDepth;
    }

    public ValueFormat format() {
        return format;
    }

    /** Reads one value of any type. */
    public Object unpack(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reads a struct header and returns its field count; the tag byte follows. */
    public int unpackStructHeader(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reads the tag byte of a struct whose header was just read. */
    public byte unpackStructTag(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    public long unpackLong(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    public String unpackString(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    public List<Object> unpackList(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }

    public Map<String, Object> unpackMap(ByteBuf in) {
        throw new UnsupportedOperationException("TODO");
    }
}
