package io.asyncbolt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.asyncbolt.fuzz.FuzzSupport.Input;
import io.asyncbolt.internal.packstream.PackStreamException;
import io.asyncbolt.internal.packstream.PackedValues;
import io.asyncbolt.internal.packstream.Packer;
import io.asyncbolt.internal.packstream.Unpacker;
import io.asyncbolt.internal.packstream.ValueFormat;
import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary bytes as PackStream values (every value format, i.e. every Bolt version's hydration) and as
 * whole Bolt messages (every version). Errors must be the project's own: {@link PackStreamException}
 * for values and {@link BoltProtocolException} for messages, and never the unpacker's safety net around
 * a runtime bug (an {@code IndexOutOfBounds}, {@code ClassCast}, {@code NullPointer}, {@code StackOverflow}
 * ... wrapped as a PackStreamException). What decodes must pack again, and a value read back from its
 * own packing must pack to the same bytes.
 */
class PackStreamFuzzTest {

    private static final List<ValueFormat> FORMATS =
            List.of(ValueFormat.V4, ValueFormat.V4_UTC, ValueFormat.V5, ValueFormat.V6, ValueFormat.V6_1);

    private static final List<BoltProtocol> PROTOCOLS = protocols();

    private static List<BoltProtocol> protocols() {
        List<BoltProtocol> all = new ArrayList<>();
        for (BoltVersion v : BoltVersion.ALL) {
            all.add(BoltProtocol.forVersion(v));
        }
        all.add(BoltProtocol.forVersion(BoltVersion.V4_4).withUtcPatch());
        return List.copyOf(all);
    }

    /** Input: {@code [u8 reader][u8 max depth][PackStream bytes...]}, read with every value format. */
    @FuzzTest
    void unpack(byte[] data) {
        Input input = new Input(data);
        int reader = input.u8() % 7;
        int maxDepth = 1 + input.u8() % 128;
        byte[] bytes = input.rest();
        for (ValueFormat format : FORMATS) {
            Unpacker unpacker = new Unpacker(format, maxDepth);
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            Object value;
            try {
                value = read(unpacker, reader, in);
            } catch (PackStreamException e) {
                checkCause(e);
                if (reader == 3) {
                    packedAgrees(format, maxDepth, bytes, null, 0);
                }
                continue;
            }
            if (reader == 3) {
                packedAgrees(format, maxDepth, bytes, value, in.readerIndex());
            }
            if (in.readerIndex() > bytes.length) {
                throw new AssertionError("read past the end");
            }
            if (reader <= 3) {
                roundTrip(format, maxDepth, value);
            }
        }
        FuzzSupport.assertNoReports();
    }

    private static Object read(Unpacker unpacker, int reader, ByteBuf in) {
        return switch (reader) {
            case 0 -> unpacker.unpack(in);
            case 1 -> unpacker.unpackList(in);
            case 2 -> unpacker.unpackMap(in);
            case 3 -> {
                List<Object> values = unpacker.unpackRecordValues(in);
                unpacker.takeUnreadable();
                yield values;
            }
            case 4 -> unpacker.unpackLong(in);
            case 5 -> unpacker.unpackString(in);
            default -> {
                int size = unpacker.unpackStructHeader(in);
                if (size < 0 || size > 65535) {
                    throw new AssertionError("struct size " + size);
                }
                yield unpacker.unpackStructTag(in);
            }
        };
    }

    private static void roundTrip(ValueFormat format, int maxDepth, Object value) {
        Packer packer = new Packer(format);
        byte[] first = pack(packer, value);
        if (first == null) {
            return;
        }
        Object again;
        try {
            again = new Unpacker(format, maxDepth).unpack(Unpooled.wrappedBuffer(first));
        } catch (PackStreamException e) {
            throw new AssertionError(format + ": a decoded value does not decode from its own packing "
                    + ByteBufUtil.hexDump(first), e);
        }
        byte[] second = pack(packer, again);
        if (!Arrays.equals(first, second)) {
            throw new AssertionError(format + ": packing is not stable: " + ByteBufUtil.hexDump(first) + " then "
                    + (second == null ? "refused" : ByteBufUtil.hexDump(second)));
        }
    }

    /**
     * The packed reading of a RECORD's values accepts what the eager reading accepts ({@code eager}, null if it
     * refused), ends where it ended, and its values pack to the same bytes.
     */
    private static void packedAgrees(ValueFormat format, int maxDepth, byte[] bytes, Object eager, int end) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        PackedValues packed;
        try {
            packed = new Unpacker(format, maxDepth).unpackPackedRecordValues(in);
        } catch (PackStreamException e) {
            checkCause(e);
            if (eager != null) {
                throw new AssertionError(format + ": the packed reading refuses what the eager one reads", e);
            }
            return;
        }
        if (eager == null) {
            throw new AssertionError(format + ": the packed reading accepts what the eager one refuses");
        }
        if (in.readerIndex() != end) {
            throw new AssertionError(format + ": the packed reading ends at " + in.readerIndex() + ", not " + end);
        }
        if (((List<?>) eager).size() != packed.size()) {
            throw new AssertionError(format + ": sizes differ");
        }
        Packer packer = new Packer(format);
        byte[] expected = pack(packer, eager);
        // null when a value cannot be decoded here (a time zone id this JVM does not know)
        byte[] actual = pack(packer, packed);
        if (expected != null && actual != null && !Arrays.equals(expected, actual)) {
            throw new AssertionError(format + ": packed values decode differently: " + ByteBufUtil.hexDump(expected)
                    + " against " + ByteBufUtil.hexDump(actual));
        }
    }

    /** The packing of {@code value}, or null when the packer refuses it with its own exception. */
    private static byte[] pack(Packer packer, Object value) {
        ByteBuf out = Unpooled.buffer();
        try {
            packer.pack(out, value);
            return ByteBufUtil.getBytes(out);
        } catch (PackStreamException e) {
            checkCause(e);
            return null;
        }
    }

    /** Input: one whole message (no chunk framing), decoded with every Bolt version. */
    @FuzzTest
    void decodeMessage(byte[] data) {
        for (BoltProtocol protocol : PROTOCOLS) {
            ByteBuf in = Unpooled.wrappedBuffer(data);
            try {
                protocol.decode(in);
            } catch (BoltProtocolException e) {
                if (e.code() == null || !e.code().startsWith("Neo.ClientError.Request.")) {
                    throw new AssertionError("status code " + e.code(), e);
                }
                if (e.getCause() instanceof PackStreamException p) {
                    checkCause(p);
                } else if (e.getCause() != null) {
                    throw new AssertionError("unexpected cause", e);
                }
            }
        }
        FuzzSupport.assertNoReports();
    }

    /** A PackStreamException that only wraps a runtime bug is one. */
    private static void checkCause(PackStreamException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof PackStreamException) {
                continue;
            }
            if (c instanceof DateTimeException || c instanceof ArithmeticException
                    || c instanceof IllegalArgumentException) {
                return; // invalid temporal / numeric / vector contents, reported as such
            }
            throw new AssertionError("PackStreamException wrapping a runtime error: " + e.getMessage(), e);
        }
    }
}
