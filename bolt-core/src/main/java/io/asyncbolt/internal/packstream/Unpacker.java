package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.PackStream.*;

import io.asyncbolt.value.Structure;
import io.asyncbolt.protocol.message.OwnedMaps;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads PackStream values from a Netty {@link ByteBuf} holding one whole message. Accepts every valid
 * encoding (non-minimal sizes and integers included), bounds every declared size by the bytes that
 * remain and every nesting by a maximum depth before allocating anything. Stateless apart from its
 * configuration; one instance may be shared by any number of threads.
 *
 * <p>What comes back: {@code null}, {@code Boolean}, {@code Long} (every integer), {@code Double},
 * {@code String}, {@code byte[]}, {@code ArrayList}, {@code LinkedHashMap} (insertion order, the last
 * duplicate key wins), {@code java.util.UUID} (Bolt 6.1+), and for structs: {@code LocalDate},
 * {@code LocalTime}, {@code OffsetTime}, {@code LocalDateTime}, {@code OffsetDateTime} (DateTime),
 * {@code ZonedDateTime} (DateTimeZoneId), {@link io.asyncbolt.value.IsoDuration},
 * {@link io.asyncbolt.value.Point2D}/{@link io.asyncbolt.value.Point3D}, Node, Relationship,
 * UnboundRelationship, Path, {@link io.asyncbolt.value.Vector} and
 * {@link io.asyncbolt.value.UnsupportedType} (Bolt 6.0+; before that their tags are unknown), and a
 * generic {@link io.asyncbolt.value.Structure} for any unknown tag. Known structs must have exactly
 * the field count of the {@link ValueFormat}; date-times must use the format's UTC or legacy tags.
 * A Duration's nanoseconds may lie outside 0..999 999 999 (or be negative); they are carried into
 * its seconds.
 *
 * <p>Every problem with the input is reported as a {@link PackStreamException} whose message names
 * the byte offset (reader index) inside the buffer.
 */
public final class Unpacker {

    /** See {@link #takeUnreadable()}. */
    private String unreadable;
    /** Whether values that cannot be represented are read as null (see {@link #unpackRecordValues}). */
    private boolean lenient;

    public static final int DEFAULT_MAX_DEPTH = 100;

    private final ValueFormat format;
    private final int maxDepth;
    private final StructHydrator hydrator;
    /** Recently read short map keys, by hash slot (see {@link #readTinyKey}). */
    private final CachedKey[] keys = new CachedKey[64];

    public Unpacker(ValueFormat format) {
        this(format, DEFAULT_MAX_DEPTH);
    }

    /**
     * @param maxDepth the deepest nesting of lists, maps and structs accepted (a top-level list is depth 1)
     */
    public Unpacker(ValueFormat format, int maxDepth) {
        if (format == null) {
            throw new NullPointerException("format");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.format = format;
        this.maxDepth = maxDepth;
        this.hydrator = new StructHydrator(format, this::zone);
    }

    public ValueFormat format() {
        return format;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Reads one value of any type. */
    public Object unpack(ByteBuf in) {
        try {
            return readValue(in, 0);
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        }
    }

    /**
     * Reads a struct header and returns its field count; the tag byte follows. Accepts the tiny form
     * {@code B0..BF} and the legacy {@code DC}/{@code DD} forms.
     */
    public int unpackStructHeader(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            int m = readMarker(in, "a struct header");
            int size;
            if ((m & 0xF0) == TINY_STRUCT) {
                size = m & 0x0F;
            } else if (m == STRUCT_8) {
                size = readSize(in, 1, pos, "struct size");
            } else if (m == STRUCT_16) {
                size = readSize(in, 2, pos, "struct size");
            } else {
                throw unexpected("a Struct", m, pos);
            }
            checkStructSize(in, size, pos);
            return size;
        } catch (RuntimeException e) {
            throw wrap(e, in);
        }
    }

    /** Reads the tag byte of a struct whose header was just read. */
    public byte unpackStructTag(ByteBuf in) {
        need(in, 1, in.readerIndex(), "a struct tag");
        return in.readByte();
    }

    public long unpackLong(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            int m = readMarker(in, "an Integer");
            if (m < 0x80) {
                return m;
            }
            if (m >= 0xF0) {
                return (byte) m;
            }
            return switch (m) {
                case INT_8 -> { need(in, 1, pos, "an INT_8"); yield in.readByte(); }
                case INT_16 -> { need(in, 2, pos, "an INT_16"); yield in.readShort(); }
                case INT_32 -> { need(in, 4, pos, "an INT_32"); yield in.readInt(); }
                case INT_64 -> { need(in, 8, pos, "an INT_64"); yield in.readLong(); }
                default -> throw unexpected("an Integer", m, pos);
            };
        } catch (RuntimeException e) {
            throw wrap(e, in);
        }
    }

    public String unpackString(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            int m = readMarker(in, "a String");
            int size;
            if ((m & 0xF0) == TINY_STRING) {
                size = m & 0x0F;
            } else if (m == STRING_8) {
                size = readSize(in, 1, pos, "string length");
            } else if (m == STRING_16) {
                size = readSize(in, 2, pos, "string length");
            } else if (m == STRING_32) {
                size = readSize(in, 4, pos, "string length");
            } else {
                throw unexpected("a String", m, pos);
            }
            return readUtf8(in, size, pos);
        } catch (RuntimeException e) {
            throw wrap(e, in);
        }
    }

    public List<Object> unpackList(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            int m = readMarker(in, "a List");
            int size;
            if ((m & 0xF0) == TINY_LIST) {
                size = m & 0x0F;
            } else if (m == LIST_8) {
                size = readSize(in, 1, pos, "list size");
            } else if (m == LIST_16) {
                size = readSize(in, 2, pos, "list size");
            } else if (m == LIST_32) {
                size = readSize(in, 4, pos, "list size");
            } else {
                throw unexpected("a List", m, pos);
            }
            return readList(in, size, pos, 0);
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        }
    }

    public Map<String, Object> unpackMap(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            return readMap(in, mapSize(in, pos), pos, 0);
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        }
    }

    /**
     * A map (a message's metadata or parameters) as a read-only map that messages take without a copy;
     * up to {@link OwnedMaps#COMPACT_MAX} entries in one array instead of a hash map. Nested values are
     * read as by {@link #unpack}.
     */
    public Map<String, Object> unpackReadOnlyMap(ByteBuf in) {
        try {
            int pos = in.readerIndex();
            int size = mapSize(in, pos);
            if (size > OwnedMaps.COMPACT_MAX) {
                return OwnedMaps.readOnly(readMap(in, size, pos, 0));
            }
            int d = enter(0, pos);
            checkRemaining(in, 2L * size, size, "map size", pos);
            Object[] keysAndValues = new Object[2 * size];
            int count = 0;
            for (int i = 0; i < size; i++) {
                String key = readKey(in);
                int valueMarker = in.isReadable() ? in.getUnsignedByte(in.readerIndex()) : 0;
                Object value;
                if ((valueMarker & 0xF0) == TINY_STRING) { // "r", "neo4j", "w": the same few each time
                    int at = in.readerIndex();
                    in.skipBytes(1);
                    value = readTinyKey(in, valueMarker & 0x0F, at);
                } else {
                    value = readValue(in, d);
                }
                int at = 0;
                while (at < 2 * count && !keysAndValues[at].equals(key)) {
                    at += 2;
                }
                keysAndValues[at] = key; // a repeated key keeps its place and takes the last value, as a map's put
                keysAndValues[at + 1] = value;
                if (at == 2 * count) {
                    count++;
                }
            }
            return OwnedMaps.compact(keysAndValues, count);
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        }
    }

    private static int mapSize(ByteBuf in, int pos) {
        int m = readMarker(in, "a Map");
        if ((m & 0xF0) == TINY_MAP) {
            return m & 0x0F;
        } else if (m == MAP_8) {
            return readSize(in, 1, pos, "map size");
        } else if (m == MAP_16) {
            return readSize(in, 2, pos, "map size");
        } else if (m == MAP_32) {
            return readSize(in, 4, pos, "map size");
        }
        throw unexpected("a Map", m, pos);
    }

    // ---------------------------------------------------------------------------------------------
    // generic reading

    private Object readValue(ByteBuf in, int depth) {
        int pos = in.readerIndex();
        int m = readMarker(in, "a value");
        if (m < 0x80) {
            return (long) m;
        }
        if (m >= 0xF0) {
            return (long) (byte) m;
        }
        switch (m & 0xF0) {
            case TINY_STRING:
                return readUtf8(in, m & 0x0F, pos);
            case TINY_LIST:
                return readList(in, m & 0x0F, pos, depth);
            case TINY_MAP:
                return readMap(in, m & 0x0F, pos, depth);
            case TINY_STRUCT:
                return readStruct(in, m & 0x0F, pos, depth);
            default:
                break;
        }
        switch (m) {
            case NULL:
                return null;
            case FLOAT_64:
                need(in, 8, pos, "a Float");
                return in.readDouble();
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case INT_8:
                need(in, 1, pos, "an INT_8");
                return (long) in.readByte();
            case INT_16:
                need(in, 2, pos, "an INT_16");
                return (long) in.readShort();
            case INT_32:
                need(in, 4, pos, "an INT_32");
                return (long) in.readInt();
            case INT_64:
                need(in, 8, pos, "an INT_64");
                return in.readLong();
            case BYTES_8:
                return readBytes(in, readSize(in, 1, pos, "bytes length"), pos);
            case BYTES_16:
                return readBytes(in, readSize(in, 2, pos, "bytes length"), pos);
            case BYTES_32:
                return readBytes(in, readSize(in, 4, pos, "bytes length"), pos);
            case STRING_8:
                return readUtf8(in, readSize(in, 1, pos, "string length"), pos);
            case STRING_16:
                return readUtf8(in, readSize(in, 2, pos, "string length"), pos);
            case STRING_32:
                return readUtf8(in, readSize(in, 4, pos, "string length"), pos);
            case LIST_8:
                return readList(in, readSize(in, 1, pos, "list size"), pos, depth);
            case LIST_16:
                return readList(in, readSize(in, 2, pos, "list size"), pos, depth);
            case LIST_32:
                return readList(in, readSize(in, 4, pos, "list size"), pos, depth);
            case MAP_8:
                return readMap(in, readSize(in, 1, pos, "map size"), pos, depth);
            case MAP_16:
                return readMap(in, readSize(in, 2, pos, "map size"), pos, depth);
            case MAP_32:
                return readMap(in, readSize(in, 4, pos, "map size"), pos, depth);
            case STRUCT_8:
                return readStruct(in, readSize(in, 1, pos, "struct size"), pos, depth);
            case STRUCT_16:
                return readStruct(in, readSize(in, 2, pos, "struct size"), pos, depth);
            case PackStream.UUID:
                if (!format.uuid()) {
                    throw new PackStreamException(String.format(
                            "UUID needs Bolt 6.1+: marker 0xE0 at offset %d", pos));
                }
                need(in, 16, pos, "a UUID");
                return new UUID(in.readLong(), in.readLong());
            default:
                throw new PackStreamException(String.format("reserved marker 0x%02X at offset %d", m, pos));
        }
    }

    private static int readMarker(ByteBuf in, String what) {
        if (!in.isReadable()) {
            throw new PackStreamException("unexpected end of data: expected " + what + " at offset "
                    + in.readerIndex());
        }
        return in.readUnsignedByte();
    }

    private static void need(ByteBuf in, int bytes, int pos, String what) {
        int remaining = in.readableBytes();
        if (remaining < bytes) {
            throw new PackStreamException("truncated data: " + what + " at offset " + pos + " needs "
                    + bytes + " more bytes but only " + remaining + " remain");
        }
    }

    /** Reads an unsigned size of {@code width} bytes; sizes above 2^31-1 are errors. */
    private static int readSize(ByteBuf in, int width, int pos, String what) {
        need(in, width, pos, "a " + what);
        long size = switch (width) {
            case 1 -> in.readUnsignedByte();
            case 2 -> in.readUnsignedShort();
            default -> in.readUnsignedInt();
        };
        if (size > Integer.MAX_VALUE) {
            throw new PackStreamException("declared " + what + " " + size + " exceeds the "
                    + in.readableBytes() + " bytes remaining at offset " + pos);
        }
        return (int) size;
    }

    private static void checkRemaining(ByteBuf in, long needed, int size, String what, int pos) {
        if (needed > in.readableBytes()) {
            throw new PackStreamException("declared " + what + " " + size + " exceeds the "
                    + in.readableBytes() + " bytes remaining at offset " + pos);
        }
    }

    private static void checkStructSize(ByteBuf in, int size, int pos) {
        // the tag byte plus at least one byte per field
        checkRemaining(in, size + 1L, size, "struct size", pos);
    }

    private static byte[] readBytes(ByteBuf in, int size, int pos) {
        checkRemaining(in, size, size, "bytes length", pos);
        byte[] bytes = new byte[size];
        in.readBytes(bytes);
        return bytes;
    }

    private static String readUtf8(ByteBuf in, int size, int pos) {
        if (size == 0) {
            return "";
        }
        checkRemaining(in, size, size, "string length", pos);
        int index = in.readerIndex();
        if (!ByteBufUtil.isText(in, index, size, StandardCharsets.UTF_8)) {
            throw new PackStreamException("invalid UTF-8 in string of " + size + " bytes at offset " + pos);
        }
        String s = in.toString(index, size, StandardCharsets.UTF_8);
        in.skipBytes(size);
        return s;
    }

    /**
     * A key of up to 15 bytes: the same keys come in every message and record ({@code t_first}, {@code fields},
     * property names), so the last key seen per hash slot is given again instead of a new String.
     */
    private String readTinyKey(ByteBuf in, int size, int pos) {
        if (size == 0) {
            return "";
        }
        checkRemaining(in, size, size, "string length", pos);
        int index = in.readerIndex();
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + in.getByte(index + i);
        }
        int slot = (hash ^ (hash >>> 7)) & (keys.length - 1);
        CachedKey cached = keys[slot];
        if (cached != null && cached.matches(in, index, size)) {
            in.skipBytes(size);
            return cached.key;
        }
        byte[] bytes = new byte[size];
        in.getBytes(index, bytes);
        String key = readUtf8(in, size, pos);
        keys[slot] = new CachedKey(bytes, key);
        return key;
    }

    /** A key and its UTF-8 bytes (validated when first read). */
    private static final class CachedKey {
        final byte[] bytes;
        final String key;

        CachedKey(byte[] bytes, String key) {
            this.bytes = bytes;
            this.key = key;
        }

        boolean matches(ByteBuf in, int index, int size) {
            if (bytes.length != size) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                if (bytes[i] != in.getByte(index + i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private int enter(int depth, int pos) {
        int d = depth + 1;
        if (d > maxDepth) {
            throw new PackStreamException("nesting depth exceeds the maximum " + maxDepth + " at offset " + pos);
        }
        return d;
    }

    private List<Object> readList(ByteBuf in, int size, int pos, int depth) {
        int d = enter(depth, pos);
        checkRemaining(in, size, size, "list size", pos);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(readValue(in, d));
        }
        return list;
    }

    private Map<String, Object> readMap(ByteBuf in, int size, int pos, int depth) {
        int d = enter(depth, pos);
        checkRemaining(in, 2L * size, size, "map size", pos);
        Map<String, Object> map = new LinkedHashMap<>(size < 12 ? 16 : (int) (size / 0.75f) + 1);
        for (int i = 0; i < size; i++) {
            String key = readKey(in);
            map.put(key, readValue(in, d));
        }
        return map;
    }

    private String readKey(ByteBuf in) {
        int pos = in.readerIndex();
        int m = readMarker(in, "a map key");
        if ((m & 0xF0) == TINY_STRING) {
            return readTinyKey(in, m & 0x0F, pos);
        }
        return switch (m) {
            case STRING_8 -> readUtf8(in, readSize(in, 1, pos, "string length"), pos);
            case STRING_16 -> readUtf8(in, readSize(in, 2, pos, "string length"), pos);
            case STRING_32 -> readUtf8(in, readSize(in, 4, pos, "string length"), pos);
            default -> throw new PackStreamException(String.format(
                    "map key must be a String but found %s (marker 0x%02X) at offset %d",
                    markerType(m), m, pos));
        };
    }

    // ---------------------------------------------------------------------------------------------
    // structs

    private Object readStruct(ByteBuf in, int size, int pos, int depth) {
        int d = enter(depth, pos);
        checkStructSize(in, size, pos);
        byte tag = in.readByte();
        StructTag known = StructTag.of(tag, format);
        if (known != null) {
            String refusal = known.refusal(format, pos);
            if (refusal != null) {
                throw new PackStreamException(refusal);
            }
            int expected = known.fields(format);
            if (size != expected) {
                throw new PackStreamException(String.format(
                        "%s struct (tag 0x%02X) must have %d fields in this protocol version, not %d, at offset %d",
                        known.typeName, tag & 0xFF, expected, size, pos));
            }
        }
        Object[] fields = new Object[size];
        for (int i = 0; i < size; i++) {
            fields[i] = readValue(in, d);
        }
        if (known == null) {
            return new Structure(tag, Arrays.asList(fields));
        }
        try {
            return hydrator.hydrate(known, fields, pos);
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new PackStreamException(String.format("invalid %s struct (tag 0x%02X) at offset %d: %s",
                    known.typeName, tag & 0xFF, pos, e.getMessage()), e);
        }
    }

    /** The zone of a DateTimeZoneId; in a record, null when this JVM does not know it (see {@link #unpackRecordValues}). */
    private ZoneId zone(String id, int pos) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            if (!lenient) {
                throw e;
            }
            if (unreadable == null) {
                unreadable = "DateTimeZoneId value at offset " + pos + " has the time zone id '" + id
                        + "', which this JVM does not know: " + e.getMessage();
            }
            return null;
        }
    }

    /**
     * The values of a RECORD: like {@link #unpackList}, except that a well-formed value this JVM cannot
     * represent (a time zone id it does not know) is read as null and the reason kept for
     * {@link #takeUnreadable()}, so that one such value fails its record, not the whole stream.
     */
    public List<Object> unpackRecordValues(ByteBuf in) {
        unreadable = null;
        lenient = true;
        try {
            return unpackList(in);
        } catch (RuntimeException e) {
            unreadable = null; // a malformed record leaves nothing behind for the next message
            throw e;
        } finally {
            lenient = false;
        }
    }

    /**
     * The values of a RECORD checked as {@link #unpackRecordValues} checks them (markers, sizes, nesting
     * depth, UTF-8, the structures' fields) but kept in their PackStream form, to be written on unchanged
     * or read when first asked for (see {@link PackedValues}). Only structures are materialised (and
     * dropped) to check them; a time zone id this JVM does not know is no error here.
     */
    public PackedValues unpackPackedRecordValues(ByteBuf in) {
        int start = in.readerIndex();
        int size;
        lenient = true;
        try {
            int m = readMarker(in, "a List");
            size = listSize(in, m, start);
            int d = enter(0, start);
            checkRemaining(in, size, size, "list size", start);
            for (int i = 0; i < size; i++) {
                skipValue(in, d);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        } finally {
            lenient = false;
            unreadable = null;
        }
        byte[] bytes = new byte[in.readerIndex() - start];
        in.getBytes(start, bytes);
        return new PackedValues(bytes, size, format, maxDepth);
    }

    private static int listSize(ByteBuf in, int m, int pos) {
        if ((m & 0xF0) == TINY_LIST) {
            return m & 0x0F;
        }
        return switch (m) {
            case LIST_8 -> readSize(in, 1, pos, "list size");
            case LIST_16 -> readSize(in, 2, pos, "list size");
            case LIST_32 -> readSize(in, 4, pos, "list size");
            default -> throw unexpected("a List", m, pos);
        };
    }

    /** Checks one value and moves past it; only a structure is read (by {@link #readStruct}). */
    private void skipValue(ByteBuf in, int depth) {
        int pos = in.readerIndex();
        int m = readMarker(in, "a value");
        if (m < 0x80 || m >= 0xF0) {
            return;
        }
        switch (m & 0xF0) {
            case TINY_STRING -> skipUtf8(in, m & 0x0F, pos);
            case TINY_LIST -> skipList(in, m & 0x0F, pos, depth);
            case TINY_MAP -> skipMap(in, m & 0x0F, pos, depth);
            case TINY_STRUCT -> readStruct(in, m & 0x0F, pos, depth);
            default -> {
                switch (m) {
                    case NULL, FALSE, TRUE -> {
                    }
                    case FLOAT_64, INT_64 -> skip(in, 8, pos, "an 8-byte number");
                    case INT_8 -> skip(in, 1, pos, "an INT_8");
                    case INT_16 -> skip(in, 2, pos, "an INT_16");
                    case INT_32 -> skip(in, 4, pos, "an INT_32");
                    case BYTES_8, BYTES_16, BYTES_32 -> {
                        int size = readSize(in, 1 << (m - BYTES_8), pos, "bytes length");
                        checkRemaining(in, size, size, "bytes length", pos);
                        in.skipBytes(size);
                    }
                    case STRING_8, STRING_16, STRING_32 ->
                            skipUtf8(in, readSize(in, 1 << (m - STRING_8), pos, "string length"), pos);
                    case LIST_8, LIST_16, LIST_32 -> skipList(in, listSize(in, m, pos), pos, depth);
                    case MAP_8, MAP_16, MAP_32 ->
                            skipMap(in, readSize(in, 1 << (m - MAP_8), pos, "map size"), pos, depth);
                    case STRUCT_8 -> readStruct(in, readSize(in, 1, pos, "struct size"), pos, depth);
                    case STRUCT_16 -> readStruct(in, readSize(in, 2, pos, "struct size"), pos, depth);
                    case PackStream.UUID -> {
                        if (!format.uuid()) {
                            throw new PackStreamException(String.format(
                                    "UUID needs Bolt 6.1+: marker 0xE0 at offset %d", pos));
                        }
                        skip(in, 16, pos, "a UUID");
                    }
                    default -> throw new PackStreamException(
                            String.format("reserved marker 0x%02X at offset %d", m, pos));
                }
            }
        }
    }

    private static void skip(ByteBuf in, int bytes, int pos, String what) {
        need(in, bytes, pos, what);
        in.skipBytes(bytes);
    }

    private static void skipUtf8(ByteBuf in, int size, int pos) {
        checkRemaining(in, size, size, "string length", pos);
        if (!ByteBufUtil.isText(in, in.readerIndex(), size, StandardCharsets.UTF_8)) {
            throw new PackStreamException("invalid UTF-8 in string of " + size + " bytes at offset " + pos);
        }
        in.skipBytes(size);
    }

    private void skipList(ByteBuf in, int size, int pos, int depth) {
        int d = enter(depth, pos);
        checkRemaining(in, size, size, "list size", pos);
        for (int i = 0; i < size; i++) {
            skipValue(in, d);
        }
    }

    private void skipMap(ByteBuf in, int size, int pos, int depth) {
        int d = enter(depth, pos);
        checkRemaining(in, 2L * size, size, "map size", pos);
        for (int i = 0; i < size; i++) {
            int keyPos = in.readerIndex();
            int m = readMarker(in, "a map key");
            if ((m & 0xF0) == TINY_STRING) {
                skipUtf8(in, m & 0x0F, keyPos);
            } else if (m == STRING_8 || m == STRING_16 || m == STRING_32) {
                skipUtf8(in, readSize(in, 1 << (m - STRING_8), keyPos, "string length"), keyPos);
            } else {
                throw new PackStreamException(String.format(
                        "map key must be a String but found %s (marker 0x%02X) at offset %d",
                        markerType(m), m, keyPos));
            }
            skipValue(in, d);
        }
    }

    /**
     * Why a value read by {@link #unpackRecordValues} could not be represented (it was read as null), or
     * null when every value could; clears it.
     */
    public String takeUnreadable() {
        String reason = unreadable;
        unreadable = null;
        return reason;
    }

    // errors ---------------------------------------------------------------------------------------

    private static String markerType(int m) {
        if (m < 0x80 || m >= 0xF0 || (m >= INT_8 && m <= INT_64)) {
            return "Integer";
        }
        return switch (m & 0xF0) {
            case TINY_STRING -> "String";
            case TINY_LIST -> "List";
            case TINY_MAP -> "Map";
            case TINY_STRUCT -> "Struct";
            default -> switch (m) {
                case NULL -> "Null";
                case FLOAT_64 -> "Float";
                case FALSE, TRUE -> "Boolean";
                case BYTES_8, BYTES_16, BYTES_32 -> "Bytes";
                case STRING_8, STRING_16, STRING_32 -> "String";
                case LIST_8, LIST_16, LIST_32 -> "List";
                case MAP_8, MAP_16, MAP_32 -> "Map";
                case STRUCT_8, STRUCT_16 -> "Struct";
                case PackStream.UUID -> "UUID";
                default -> "reserved";
            };
        };
    }

    private static PackStreamException unexpected(String expected, int m, int pos) {
        return new PackStreamException(String.format("expected %s but found %s (marker 0x%02X) at offset %d",
                expected, markerType(m), m, pos));
    }

    private static PackStreamException wrap(Throwable e, ByteBuf in) {
        if (e instanceof PackStreamException p) {
            return p;
        }
        if (e instanceof StackOverflowError) {
            return new PackStreamException("value nested too deeply at offset " + in.readerIndex(), e);
        }
        return new PackStreamException("malformed PackStream data at offset " + in.readerIndex() + ": " + e, e);
    }
}
