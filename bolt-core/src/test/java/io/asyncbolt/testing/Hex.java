package io.asyncbolt.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * The one hex notation of the tests' byte vectors: {@code "B1 70 A0"} to bytes with {@link #hex(String)},
 * and back with {@link #hex(byte[])}. Use with {@code import static io.asyncbolt.testing.Hex.hex}.
 */
public final class Hex {

    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    /** {@code "00 02 B0 0F"} to bytes; white space (line breaks included) and {@code |} are ignored. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    /** {@code bytes} as upper-case hex pairs separated by spaces. */
    public static String hex(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    /** The readable bytes of {@code buf} as {@link #hex(byte[])} writes them; the buffer is left as it is. */
    public static String hex(ByteBuf buf) {
        return hex(ByteBufUtil.getBytes(buf));
    }

    /** A heap buffer holding the bytes of {@code hex}; the caller releases it. */
    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(hex(hex));
    }
}
