package io.asyncbolt.packstream;

import static io.asyncbolt.packstream.PackStream.*;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Point3D;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.Structure;
import io.asyncbolt.value.UnboundRelationship;
import io.asyncbolt.value.UnsupportedType;
import io.asyncbolt.value.Vector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ValueFormat format;
    private final int maxDepth;

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
            int m = readMarker(in, "a Map");
            int size;
            if ((m & 0xF0) == TINY_MAP) {
                size = m & 0x0F;
            } else if (m == MAP_8) {
                size = readSize(in, 1, pos, "map size");
            } else if (m == MAP_16) {
                size = readSize(in, 2, pos, "map size");
            } else if (m == MAP_32) {
                size = readSize(in, 4, pos, "map size");
            } else {
                throw unexpected("a Map", m, pos);
            }
            return readMap(in, size, pos, 0);
        } catch (RuntimeException | StackOverflowError e) {
            throw wrap(e, in);
        }
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

    private static String readKey(ByteBuf in) {
        int pos = in.readerIndex();
        int m = readMarker(in, "a map key");
        if ((m & 0xF0) == TINY_STRING) {
            return readUtf8(in, m & 0x0F, pos);
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
        int expected = expectedFields(tag, pos);
        if (expected >= 0 && size != expected) {
            throw new PackStreamException(String.format(
                    "%s struct (tag 0x%02X) must have %d fields in this protocol version, not %d, at offset %d",
                    structName(tag), tag & 0xFF, expected, size, pos));
        }
        Object[] fields = new Object[size];
        for (int i = 0; i < size; i++) {
            fields[i] = readValue(in, d);
        }
        if (expected < 0) {
            return new Structure(tag, Arrays.asList(fields));
        }
        try {
            return hydrate(tag, fields, pos);
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new PackStreamException(String.format("invalid %s struct (tag 0x%02X) at offset %d: %s",
                    structName(tag), tag & 0xFF, pos, e.getMessage()), e);
        }
    }

    /** The exact field count of a known struct in this format, or -1 for a generic struct. */
    private int expectedFields(byte tag, int pos) {
        switch (tag) {
            case TAG_NODE:
            case TAG_UNBOUND_RELATIONSHIP:
                return format.elementIds() ? 4 : 3;
            case TAG_RELATIONSHIP:
                return format.elementIds() ? 8 : 5;
            case TAG_PATH:
            case TAG_POINT_2D:
                return 3;
            case TAG_DATE:
            case TAG_LOCAL_TIME:
                return 1;
            case TAG_TIME:
            case TAG_LOCAL_DATE_TIME:
                return 2;
            case TAG_DURATION:
            case TAG_POINT_3D:
                return 4;
            case TAG_DATE_TIME:
            case TAG_DATE_TIME_ZONE_ID:
                if (!format.utcDateTime()) {
                    throw new PackStreamException(String.format(
                            "UTC %s struct (tag 0x%02X) is not allowed without the utc patch (legacy date-time mode) at offset %d",
                            structName(tag), tag & 0xFF, pos));
                }
                return 3;
            case TAG_LEGACY_DATE_TIME:
            case TAG_LEGACY_DATE_TIME_ZONE_ID:
                if (format.utcDateTime()) {
                    throw new PackStreamException(String.format(
                            "legacy %s struct (tag 0x%02X) is not allowed in UTC date-time mode at offset %d",
                            structName(tag), tag & 0xFF, pos));
                }
                return 3;
            case TAG_VECTOR:
                return format.vectors() ? 2 : -1;
            case TAG_UNSUPPORTED_TYPE:
                return format.vectors() ? 4 : -1;
            default:
                return -1;
        }
    }

    private static String structName(byte tag) {
        return switch (tag) {
            case TAG_NODE -> "Node";
            case TAG_RELATIONSHIP -> "Relationship";
            case TAG_UNBOUND_RELATIONSHIP -> "UnboundRelationship";
            case TAG_PATH -> "Path";
            case TAG_DATE -> "Date";
            case TAG_TIME -> "Time";
            case TAG_LOCAL_TIME -> "LocalTime";
            case TAG_DATE_TIME, TAG_LEGACY_DATE_TIME -> "DateTime";
            case TAG_DATE_TIME_ZONE_ID, TAG_LEGACY_DATE_TIME_ZONE_ID -> "DateTimeZoneId";
            case TAG_LOCAL_DATE_TIME -> "LocalDateTime";
            case TAG_DURATION -> "Duration";
            case TAG_POINT_2D -> "Point2D";
            case TAG_POINT_3D -> "Point3D";
            case TAG_VECTOR -> "Vector";
            case TAG_UNSUPPORTED_TYPE -> "UnsupportedType";
            default -> "Structure";
        };
    }

    private Object hydrate(byte tag, Object[] f, int pos) {
        switch (tag) {
            case TAG_DATE:
                return LocalDate.ofEpochDay(longField(f, 0, tag, "days", pos));
            case TAG_LOCAL_TIME:
                return LocalTime.ofNanoOfDay(longField(f, 0, tag, "nanoseconds", pos));
            case TAG_TIME:
                return OffsetTime.of(LocalTime.ofNanoOfDay(longField(f, 0, tag, "nanoseconds", pos)),
                        offsetField(f, 1, tag, pos));
            case TAG_LOCAL_DATE_TIME:
                return LocalDateTime.ofEpochSecond(longField(f, 0, tag, "seconds", pos),
                        nanosField(f, 1, tag, pos), ZoneOffset.UTC);
            case TAG_DATE_TIME: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneOffset offset = offsetField(f, 2, tag, pos);
                return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
            }
            case TAG_LEGACY_DATE_TIME: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneOffset offset = offsetField(f, 2, tag, pos);
                return OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), offset);
            }
            case TAG_DATE_TIME_ZONE_ID: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneId zone = zone(stringField(f, 2, tag, "tz_id", pos), pos);
                return zone == null ? null : ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), zone);
            }
            case TAG_LEGACY_DATE_TIME_ZONE_ID: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneId zone = zone(stringField(f, 2, tag, "tz_id", pos), pos);
                return zone == null ? null : ZonedDateTime.ofLocal(LocalDateTime.ofEpochSecond(seconds, nanos,
                        ZoneOffset.UTC), zone, null);
            }
            case TAG_DURATION: {
                // Any nanoseconds are accepted and carried into the seconds: the Python driver sends a
                // negative sub-second part with the sign of the duration (-0.5 s = 0 s, -500000000 ns),
                // Go sends what the user set. Neo4j normalises the same way.
                long seconds = longField(f, 2, tag, "seconds", pos);
                long nanos = longField(f, 3, tag, "nanoseconds", pos);
                return new IsoDuration(longField(f, 0, tag, "months", pos), longField(f, 1, tag, "days", pos),
                        Math.addExact(seconds, Math.floorDiv(nanos, NANOS_PER_SECOND)),
                        (int) Math.floorMod(nanos, NANOS_PER_SECOND));
            }
            case TAG_POINT_2D:
                return new Point2D(intField(f, 0, tag, "srid", pos), doubleField(f, 1, tag, "x", pos),
                        doubleField(f, 2, tag, "y", pos));
            case TAG_POINT_3D:
                return new Point3D(intField(f, 0, tag, "srid", pos), doubleField(f, 1, tag, "x", pos),
                        doubleField(f, 2, tag, "y", pos), doubleField(f, 3, tag, "z", pos));
            case TAG_NODE:
                return node(f, pos);
            case TAG_RELATIONSHIP:
                return relationship(f, pos);
            case TAG_UNBOUND_RELATIONSHIP:
                return unboundRelationship(f, pos);
            case TAG_PATH:
                return path(f, pos);
            case TAG_VECTOR:
                return vector(f, pos);
            case TAG_UNSUPPORTED_TYPE:
                return unsupportedType(f, pos);
            default:
                throw new IllegalStateException("no hydration for tag " + tag);
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
        } finally {
            lenient = false;
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

    private Node node(Object[] f, int pos) {
        long id = longField(f, 0, TAG_NODE, "id", pos);
        List<Object> rawLabels = listField(f, 1, TAG_NODE, "labels", pos);
        List<String> labels = new ArrayList<>(rawLabels.size());
        for (Object label : rawLabels) {
            if (!(label instanceof String s)) {
                throw fieldError(TAG_NODE, "labels", "a List of String", label, pos);
            }
            labels.add(s);
        }
        Map<String, Object> props = mapField(f, 2, TAG_NODE, "properties", pos);
        String elementId = format.elementIds() ? stringField(f, 3, TAG_NODE, "element_id", pos) : String.valueOf(id);
        return new Node(id, elementId, labels, props);
    }

    private Relationship relationship(Object[] f, int pos) {
        byte t = TAG_RELATIONSHIP;
        long id = longField(f, 0, t, "id", pos);
        long start = longField(f, 1, t, "start_node_id", pos);
        long end = longField(f, 2, t, "end_node_id", pos);
        String type = stringField(f, 3, t, "type", pos);
        Map<String, Object> props = mapField(f, 4, t, "properties", pos);
        if (format.elementIds()) {
            return new Relationship(id, stringField(f, 5, t, "element_id", pos), start,
                    stringField(f, 6, t, "start_node_element_id", pos), end,
                    stringField(f, 7, t, "end_node_element_id", pos), type, props);
        }
        return Relationship.of(id, start, end, type, props);
    }

    private UnboundRelationship unboundRelationship(Object[] f, int pos) {
        byte t = TAG_UNBOUND_RELATIONSHIP;
        long id = longField(f, 0, t, "id", pos);
        String type = stringField(f, 1, t, "type", pos);
        Map<String, Object> props = mapField(f, 2, t, "properties", pos);
        String elementId = format.elementIds() ? stringField(f, 3, t, "element_id", pos) : String.valueOf(id);
        return new UnboundRelationship(id, elementId, type, props);
    }

    private Path path(Object[] f, int pos) {
        byte t = TAG_PATH;
        List<Object> rawNodes = listField(f, 0, t, "nodes", pos);
        List<Node> nodes = new ArrayList<>(rawNodes.size());
        for (Object o : rawNodes) {
            if (!(o instanceof Node n)) {
                throw fieldError(t, "nodes", "a List of Node", o, pos);
            }
            nodes.add(n);
        }
        List<Object> rawRels = listField(f, 1, t, "relationships", pos);
        List<UnboundRelationship> rels = new ArrayList<>(rawRels.size());
        for (Object o : rawRels) {
            if (!(o instanceof UnboundRelationship r)) {
                throw fieldError(t, "relationships", "a List of UnboundRelationship", o, pos);
            }
            rels.add(r);
        }
        List<Object> rawIndices = listField(f, 2, t, "indices", pos);
        List<Long> indices = new ArrayList<>(rawIndices.size());
        for (Object o : rawIndices) {
            if (!(o instanceof Long l)) {
                throw fieldError(t, "indices", "a List of Integer", o, pos);
            }
            indices.add(l);
        }
        return Path.fromWire(nodes, rels, indices);
    }

    private static Vector vector(Object[] f, int pos) {
        byte[] typeBytes = bytesField(f, 0, TAG_VECTOR, "type_marker", pos);
        if (typeBytes.length != 1) {
            throw new PackStreamException("Vector type marker must be 1 byte, not " + typeBytes.length
                    + " (struct at offset " + pos + ")");
        }
        Vector.ElementType type = Vector.ElementType.fromMarker(typeBytes[0]);
        if (type == null) {
            throw new PackStreamException(String.format(
                    "unknown Vector element type 0x%02X (struct at offset %d)", typeBytes[0] & 0xFF, pos));
        }
        return Vector.fromBigEndian(type, bytesField(f, 1, TAG_VECTOR, "data", pos));
    }

    private static UnsupportedType unsupportedType(Object[] f, int pos) {
        byte t = TAG_UNSUPPORTED_TYPE;
        String name = stringField(f, 0, t, "name", pos);
        long major = longField(f, 1, t, "minimum_protocol_major", pos);
        long minor = longField(f, 2, t, "minimum_protocol_minor", pos);
        Map<String, Object> extra = mapField(f, 3, t, "extra", pos);
        Object message = extra.get("message");
        if (message != null && !(message instanceof String)) {
            throw fieldError(t, "extra.message", "a String", message, pos);
        }
        if (major < 0 || major > 255 || minor < 0 || minor > 255) {
            throw new PackStreamException("UnsupportedType minimum version " + major + "." + minor
                    + " out of range (struct at offset " + pos + ")");
        }
        return new UnsupportedType(name, new BoltVersion((int) major, (int) minor), (String) message);
    }

    // field accessors ------------------------------------------------------------------------------

    private static long longField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof Long l) {
            return l;
        }
        throw fieldError(tag, name, "an Integer", f[i], pos);
    }

    private static int intField(Object[] f, int i, byte tag, String name, int pos) {
        long v = longField(f, i, tag, name, pos);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new PackStreamException(String.format("%s field %s %d is out of the 32-bit range (struct at offset %d)",
                    structName(tag), name, v, pos));
        }
        return (int) v;
    }

    private static int nanosField(Object[] f, int i, byte tag, int pos) {
        long v = longField(f, i, tag, "nanoseconds", pos);
        if (v < 0 || v > 999_999_999) {
            throw new PackStreamException(String.format(
                    "%s field nanoseconds %d is not in 0..999999999 (struct at offset %d)", structName(tag), v, pos));
        }
        return (int) v;
    }

    private static ZoneOffset offsetField(Object[] f, int i, byte tag, int pos) {
        long v = longField(f, i, tag, "tz_offset_seconds", pos);
        if (v < -18 * 3600 || v > 18 * 3600) {
            throw new PackStreamException(String.format(
                    "%s field tz_offset_seconds %d is not in -64800..64800 (struct at offset %d)",
                    structName(tag), v, pos));
        }
        return ZoneOffset.ofTotalSeconds((int) v);
    }

    private static double doubleField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof Double d) {
            return d;
        }
        throw fieldError(tag, name, "a Float", f[i], pos);
    }

    private static String stringField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof String s) {
            return s;
        }
        throw fieldError(tag, name, "a String", f[i], pos);
    }

    private static byte[] bytesField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof byte[] b) {
            return b;
        }
        throw fieldError(tag, name, "Bytes", f[i], pos);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw fieldError(tag, name, "a List", f[i], pos);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapField(Object[] f, int i, byte tag, String name, int pos) {
        if (f[i] instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw fieldError(tag, name, "a Map", f[i], pos);
    }

    private static PackStreamException fieldError(byte tag, String field, String expected, Object actual, int pos) {
        return new PackStreamException(String.format("%s field %s must be %s but was %s (struct at offset %d)",
                structName(tag), field, expected, typeName(actual), pos));
    }

    // errors ---------------------------------------------------------------------------------------

    private static String typeName(Object v) {
        if (v == null) {
            return "Null";
        } else if (v instanceof Long) {
            return "Integer";
        } else if (v instanceof Double) {
            return "Float";
        } else if (v instanceof byte[]) {
            return "Bytes";
        } else if (v instanceof List) {
            return "List";
        } else if (v instanceof Map) {
            return "Map";
        }
        return v.getClass().getSimpleName();
    }

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
