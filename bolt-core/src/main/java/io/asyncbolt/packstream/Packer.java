package io.asyncbolt.packstream;

import static io.asyncbolt.packstream.PackStream.*;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes PackStream values into a Netty {@link ByteBuf}, always in the smallest encoding.
 * Stateless apart from its {@link ValueFormat}; one instance may be shared by any number of threads.
 *
 * <p>{@link #pack} accepts: {@code null}, Boolean, Long/Integer/Short/Byte, Double/Float,
 * String/Character, {@code byte[]}, List/Collection/Iterable, Object and primitive arrays (as lists),
 * Map with String keys, LocalDate, LocalTime, OffsetTime, LocalDateTime, OffsetDateTime,
 * ZonedDateTime (offset or region zone), java.time Duration and Period, and the types of
 * {@code io.asyncbolt.value}, and {@link UUID}. Graph entities and date-times take the shape of the format.
 *
 * <p>A value the format cannot carry (UUID before Bolt 6.1, Vector and UnsupportedType before 6.0) is
 * an error by default: that is what a client needs, which must never send such a value to an older
 * server. A packer made {@linkplain #Packer(ValueFormat, boolean) with placeholders}, for what a server
 * sends, writes instead what Neo4j sends an older client: from 6.0 an {@link UnsupportedType} struct
 * naming the type and the version it needs, before 6.0 a placeholder map, here
 * {@code {originalType: "UUID", reason: "UNKNOWN_TYPE"}} ({@link #PLACEHOLDER_TYPE_KEY},
 * {@link #PLACEHOLDER_REASON_KEY}, {@link #PLACEHOLDER_UNKNOWN_TYPE}; Neo4j documents that it sends
 * placeholder maps but not their keys).
 *
 * <p>When {@link #pack}, {@link #packList} or {@link #packMap} fail, nothing is left behind in the
 * buffer: its writer index is restored.
 */
public final class Packer {

    /** Key of the placeholder map (before Bolt 6.0) that holds the type name, e.g. {@code "UUID"}. */
    public static final String PLACEHOLDER_TYPE_KEY = "originalType";
    /** Key of the placeholder map (before Bolt 6.0) that says why the value was replaced. */
    public static final String PLACEHOLDER_REASON_KEY = "reason";
    /** The placeholder map's reason: the negotiated version does not know the type. */
    public static final String PLACEHOLDER_UNKNOWN_TYPE = "UNKNOWN_TYPE";

    private static final String UUID_TYPE = "UUID";
    private static final String VECTOR_TYPE = "VECTOR";
    private static final String UUID_NEEDS_6_1 = "UUID values need Bolt 6.1 or later";

    private final ValueFormat format;
    private final boolean placeholders;

    /** A packer that refuses values its format cannot carry. */
    public Packer(ValueFormat format) {
        this(format, false);
    }

    /**
     * @param placeholders write values the format cannot carry as placeholders (server to client)
     *     instead of failing
     */
    public Packer(ValueFormat format, boolean placeholders) {
        if (format == null) {
            throw new NullPointerException("format");
        }
        this.format = format;
        this.placeholders = placeholders;
    }

    public ValueFormat format() {
        return format;
    }

    /** True when values the format cannot carry are written as placeholders rather than refused. */
    public boolean placeholders() {
        return placeholders;
    }

    /** Packs any supported value; unsupported types throw {@link PackStreamException}. */
    public void pack(ByteBuf out, Object value) {
        int mark = out.writerIndex();
        try {
            packValue(out, value);
        } catch (PackStreamException e) {
            out.writerIndex(mark);
            throw e;
        } catch (StackOverflowError e) {
            out.writerIndex(mark);
            throw new PackStreamException("value nested too deeply (cyclic?) to pack", e);
        }
    }

    public void packNull(ByteBuf out) {
        out.writeByte(NULL);
    }

    public void packBoolean(ByteBuf out, boolean value) {
        out.writeByte(value ? TRUE : FALSE);
    }

    public void packLong(ByteBuf out, long value) {
        if (value >= -16 && value <= 127) {
            out.writeByte((int) value);
        } else if (value >= Byte.MIN_VALUE && value < -16) {
            out.writeShort((INT_8 << 8) | ((int) value & 0xFF));
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            out.writeByte(INT_16);
            out.writeShort((int) value);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.writeByte(INT_32);
            out.writeInt((int) value);
        } else {
            out.writeByte(INT_64);
            out.writeLong(value);
        }
    }

    public void packDouble(ByteBuf out, double value) {
        out.writeByte(FLOAT_64);
        out.writeDouble(value);
    }

    /** Packs a string as UTF-8; {@code null} packs as null. */
    public void packString(ByteBuf out, String value) {
        if (value == null) {
            packNull(out);
            return;
        }
        int length = value.length();
        if (length <= 15 && isAscii(value, length)) {
            // tiny ASCII string: one header byte, one byte per char
            out.writeByte(TINY_STRING | length);
            for (int i = 0; i < length; i++) {
                out.writeByte(value.charAt(i));
            }
            return;
        }
        int bytes = ByteBufUtil.utf8Bytes(value);
        writeSizeHeader(out, bytes, TINY_STRING, STRING_8, STRING_16, STRING_32);
        ByteBufUtil.reserveAndWriteUtf8(out, value, bytes);
    }

    private static boolean isAscii(String s, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Packs a byte array; {@code null} packs as null. There is no tiny form: empty is {@code CC 00}. */
    public void packBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            packNull(out);
            return;
        }
        int size = value.length;
        if (size <= 0xFF) {
            out.writeByte(BYTES_8);
            out.writeByte(size);
        } else if (size <= 0xFFFF) {
            out.writeByte(BYTES_16);
            out.writeShort(size);
        } else {
            out.writeByte(BYTES_32);
            out.writeInt(size);
        }
        out.writeBytes(value);
    }

    public void packListHeader(ByteBuf out, int size) {
        checkSize(size, "list");
        writeSizeHeader(out, size, TINY_LIST, LIST_8, LIST_16, LIST_32);
    }

    public void packMapHeader(ByteBuf out, int size) {
        checkSize(size, "map");
        writeSizeHeader(out, size, TINY_MAP, MAP_8, MAP_16, MAP_32);
    }

    /** Writes a tiny struct header; at most {@value PackStream#MAX_STRUCT_FIELDS} fields. */
    public void packStructHeader(ByteBuf out, int fields, byte tag) {
        if (fields < 0 || fields > MAX_STRUCT_FIELDS) {
            throw new PackStreamException("a struct has 0.." + MAX_STRUCT_FIELDS + " fields, not " + fields
                    + String.format(" (tag 0x%02X)", tag & 0xFF));
        }
        out.writeShort(((TINY_STRUCT | fields) << 8) | (tag & 0xFF));
    }

    /** Packs a list of any supported values; {@code null} packs as null. */
    public void packList(ByteBuf out, List<?> values) {
        pack(out, values);
    }

    /** Packs a map with String keys; {@code null} packs as null. */
    public void packMap(ByteBuf out, Map<String, ?> map) {
        pack(out, map);
    }

    private static void checkSize(int size, String what) {
        if (size < 0) {
            throw new PackStreamException("negative " + what + " size " + size);
        }
    }

    private static void writeSizeHeader(ByteBuf out, int size, int tiny, int m8, int m16, int m32) {
        if (size <= 15) {
            out.writeByte(tiny | size);
        } else if (size <= 0xFF) {
            out.writeShort((m8 << 8) | size);
        } else if (size <= 0xFFFF) {
            out.writeByte(m16);
            out.writeShort(size);
        } else {
            out.writeByte(m32);
            out.writeInt(size);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void packValue(ByteBuf out, Object value) {
        if (value == null) {
            packNull(out);
        } else if (value instanceof String s) {
            packString(out, s);
        } else if (value instanceof Long l) {
            packLong(out, l);
        } else if (value instanceof Integer i) {
            packLong(out, i);
        } else if (value instanceof Boolean b) {
            packBoolean(out, b);
        } else if (value instanceof Double d) {
            packDouble(out, d);
        } else if (value instanceof Map<?, ?> m) {
            packMapValue(out, m);
        } else if (value instanceof List<?> l) {
            packCollection(out, l);
        } else if (value instanceof Short s) {
            packLong(out, s);
        } else if (value instanceof Byte b) {
            packLong(out, b);
        } else if (value instanceof Float f) {
            packDouble(out, f);
        } else if (value instanceof Character c) {
            packString(out, String.valueOf(c.charValue()));
        } else if (value instanceof byte[] bytes) {
            packBytes(out, bytes);
        } else if (value instanceof Collection<?> c) {
            packCollection(out, c);
        } else if (value instanceof Iterable<?> it) {
            List<Object> copy = new ArrayList<>();
            it.forEach(copy::add);
            packCollection(out, copy);
        } else if (value.getClass().isArray()) {
            packArray(out, value);
        } else {
            packStructValue(out, value);
        }
    }

    private void packMapValue(ByteBuf out, Map<?, ?> map) {
        int size = map.size();
        packMapHeader(out, size);
        int count = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                Object k = e.getKey();
                throw new PackStreamException("map keys must be String, not "
                        + (k == null ? "null" : k.getClass().getName()));
            }
            packString(out, key);
            packValue(out, e.getValue());
            count++;
        }
        if (count != size) {
            throw new PackStreamException("map changed size while packing: " + size + " then " + count);
        }
    }

    private void packCollection(ByteBuf out, Collection<?> values) {
        int size = values.size();
        packListHeader(out, size);
        int count = 0;
        if (values instanceof List<?> list && values instanceof java.util.RandomAccess) {
            for (int i = 0; i < size; i++) {
                packValue(out, list.get(i));
            }
            count = size;
        } else {
            for (Iterator<?> it = values.iterator(); it.hasNext(); count++) {
                packValue(out, it.next());
            }
        }
        if (count != size) {
            throw new PackStreamException("collection changed size while packing: " + size + " then " + count);
        }
    }

    private void packArray(ByteBuf out, Object array) {
        if (array instanceof Object[] a) {
            packListHeader(out, a.length);
            for (Object o : a) {
                packValue(out, o);
            }
        } else if (array instanceof int[] a) {
            packListHeader(out, a.length);
            for (int v : a) {
                packLong(out, v);
            }
        } else if (array instanceof long[] a) {
            packListHeader(out, a.length);
            for (long v : a) {
                packLong(out, v);
            }
        } else if (array instanceof short[] a) {
            packListHeader(out, a.length);
            for (short v : a) {
                packLong(out, v);
            }
        } else if (array instanceof double[] a) {
            packListHeader(out, a.length);
            for (double v : a) {
                packDouble(out, v);
            }
        } else if (array instanceof float[] a) {
            packListHeader(out, a.length);
            for (float v : a) {
                packDouble(out, v);
            }
        } else if (array instanceof boolean[] a) {
            packListHeader(out, a.length);
            for (boolean v : a) {
                packBoolean(out, v);
            }
        } else if (array instanceof char[] a) {
            packListHeader(out, a.length);
            for (char v : a) {
                packString(out, String.valueOf(v));
            }
        } else {
            throw new PackStreamException("cannot pack a value of type " + array.getClass().getName());
        }
    }

    private void packStructValue(ByteBuf out, Object value) {
        if (value instanceof LocalDate d) {
            packStructHeader(out, 1, TAG_DATE);
            packLong(out, d.toEpochDay());
        } else if (value instanceof LocalTime t) {
            packStructHeader(out, 1, TAG_LOCAL_TIME);
            packLong(out, t.toNanoOfDay());
        } else if (value instanceof OffsetTime t) {
            packStructHeader(out, 2, TAG_TIME);
            packLong(out, t.toLocalTime().toNanoOfDay());
            packLong(out, t.getOffset().getTotalSeconds());
        } else if (value instanceof LocalDateTime dt) {
            packStructHeader(out, 2, TAG_LOCAL_DATE_TIME);
            packLong(out, dt.toEpochSecond(ZoneOffset.UTC));
            packLong(out, dt.getNano());
        } else if (value instanceof OffsetDateTime dt) {
            packOffsetDateTime(out, dt.toLocalDateTime(), dt.getOffset());
        } else if (value instanceof ZonedDateTime zdt) {
            if (zdt.getZone() instanceof ZoneOffset offset) {
                packOffsetDateTime(out, zdt.toLocalDateTime(), offset);
            } else if (format.utcDateTime()) {
                packStructHeader(out, 3, TAG_DATE_TIME_ZONE_ID);
                packLong(out, zdt.toEpochSecond());
                packLong(out, zdt.getNano());
                packString(out, zdt.getZone().getId());
            } else {
                packStructHeader(out, 3, TAG_LEGACY_DATE_TIME_ZONE_ID);
                packLong(out, zdt.toLocalDateTime().toEpochSecond(ZoneOffset.UTC));
                packLong(out, zdt.getNano());
                packString(out, zdt.getZone().getId());
            }
        } else if (value instanceof IsoDuration d) {
            packDuration(out, d.months(), d.days(), d.seconds(), d.nanoseconds());
        } else if (value instanceof Duration d) {
            packDuration(out, 0, 0, d.getSeconds(), d.getNano());
        } else if (value instanceof Period p) {
            packDuration(out, p.toTotalMonths(), p.getDays(), 0, 0);
        } else if (value instanceof Point2D p) {
            packStructHeader(out, 3, TAG_POINT_2D);
            packLong(out, p.srid());
            packDouble(out, p.x());
            packDouble(out, p.y());
        } else if (value instanceof Point3D p) {
            packStructHeader(out, 4, TAG_POINT_3D);
            packLong(out, p.srid());
            packDouble(out, p.x());
            packDouble(out, p.y());
            packDouble(out, p.z());
        } else if (value instanceof Node n) {
            packNode(out, n);
        } else if (value instanceof Relationship r) {
            packRelationship(out, r);
        } else if (value instanceof UnboundRelationship r) {
            packUnboundRelationship(out, r);
        } else if (value instanceof Path p) {
            packPath(out, p);
        } else if (value instanceof UUID uuid) {
            packUuid(out, uuid);
        } else if (value instanceof Vector v) {
            packVector(out, v);
        } else if (value instanceof UnsupportedType u) {
            if (format.vectors()) {
                packUnsupportedType(out, u.name(), u.minimumVersion().major(), u.minimumVersion().minor(),
                        u.message());
            } else if (placeholders) {
                packPlaceholder(out, u.name());
            } else {
                throw new PackStreamException("UnsupportedType needs Bolt 6.0+");
            }
        } else if (value instanceof Structure s) {
            List<Object> fields = s.fields();
            packStructHeader(out, fields.size(), s.tag());
            for (Object field : fields) {
                packValue(out, field);
            }
        } else {
            throw new PackStreamException("cannot pack a value of type " + value.getClass().getName());
        }
    }

    private void packOffsetDateTime(ByteBuf out, LocalDateTime local, ZoneOffset offset) {
        long localSeconds = local.toEpochSecond(ZoneOffset.UTC);
        int offsetSeconds = offset.getTotalSeconds();
        if (format.utcDateTime()) {
            packStructHeader(out, 3, TAG_DATE_TIME);
            packLong(out, localSeconds - offsetSeconds);
        } else {
            packStructHeader(out, 3, TAG_LEGACY_DATE_TIME);
            packLong(out, localSeconds);
        }
        packLong(out, local.getNano());
        packLong(out, offsetSeconds);
    }

    private void packDuration(ByteBuf out, long months, long days, long seconds, int nanos) {
        packStructHeader(out, 4, TAG_DURATION);
        packLong(out, months);
        packLong(out, days);
        packLong(out, seconds);
        packLong(out, nanos);
    }

    private void packNode(ByteBuf out, Node n) {
        packStructHeader(out, format.elementIds() ? 4 : 3, TAG_NODE);
        packLong(out, n.id());
        List<String> labels = n.labels();
        packListHeader(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            packString(out, labels.get(i));
        }
        packMapValue(out, n.properties());
        if (format.elementIds()) {
            packString(out, n.elementId());
        }
    }

    private void packRelationship(ByteBuf out, Relationship r) {
        packStructHeader(out, format.elementIds() ? 8 : 5, TAG_RELATIONSHIP);
        packLong(out, r.id());
        packLong(out, r.startNodeId());
        packLong(out, r.endNodeId());
        packString(out, r.type());
        packMapValue(out, r.properties());
        if (format.elementIds()) {
            packString(out, r.elementId());
            packString(out, r.startNodeElementId());
            packString(out, r.endNodeElementId());
        }
    }

    private void packUnboundRelationship(ByteBuf out, UnboundRelationship r) {
        packStructHeader(out, format.elementIds() ? 4 : 3, TAG_UNBOUND_RELATIONSHIP);
        packLong(out, r.id());
        packString(out, r.type());
        packMapValue(out, r.properties());
        if (format.elementIds()) {
            packString(out, r.elementId());
        }
    }

    private void packPath(ByteBuf out, Path p) {
        Path.Wire wire = p.toWire();
        packStructHeader(out, 3, TAG_PATH);
        packListHeader(out, wire.nodes().size());
        for (Node n : wire.nodes()) {
            packNode(out, n);
        }
        packListHeader(out, wire.relationships().size());
        for (UnboundRelationship r : wire.relationships()) {
            packUnboundRelationship(out, r);
        }
        List<Long> indices = wire.indices();
        packListHeader(out, indices.size());
        for (int i = 0; i < indices.size(); i++) {
            packLong(out, indices.get(i));
        }
    }

    private void packUuid(ByteBuf out, UUID uuid) {
        if (format.uuid()) {
            out.writeByte(PackStream.UUID);
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        } else if (!placeholders) {
            throw new PackStreamException(UUID_NEEDS_6_1);
        } else if (format.vectors()) {
            packUnsupportedType(out, UUID_TYPE, 6, 1, UUID_NEEDS_6_1 + "; upgrade the client");
        } else {
            packPlaceholder(out, UUID_TYPE);
        }
    }

    private void packUnsupportedType(ByteBuf out, String name, int major, int minor, String message) {
        packStructHeader(out, 4, TAG_UNSUPPORTED_TYPE);
        packString(out, name);
        packLong(out, major);
        packLong(out, minor);
        if (message == null) {
            packMapHeader(out, 0);
        } else {
            packMapHeader(out, 1);
            packString(out, "message");
            packString(out, message);
        }
    }

    /** The map a client before Bolt 6.0 gets in place of a value of a type its version does not know. */
    private void packPlaceholder(ByteBuf out, String typeName) {
        packMapHeader(out, 2);
        packString(out, PLACEHOLDER_TYPE_KEY);
        packString(out, typeName);
        packString(out, PLACEHOLDER_REASON_KEY);
        packString(out, PLACEHOLDER_UNKNOWN_TYPE);
    }

    private void packVector(ByteBuf out, Vector v) {
        if (!format.vectors()) {
            if (placeholders) {
                packPlaceholder(out, VECTOR_TYPE);
                return;
            }
            throw new PackStreamException("Vector needs Bolt 6.0+");
        }
        Vector.ElementType type = v.elementType();
        int size = v.size();
        long dataLength = (long) size * type.width();
        if (dataLength > Integer.MAX_VALUE) {
            throw new PackStreamException("vector of " + size + " " + type + " elements is too large");
        }
        packStructHeader(out, 2, TAG_VECTOR);
        out.writeByte(BYTES_8);
        out.writeByte(1);
        out.writeByte(type.marker());
        int len = (int) dataLength;
        if (len <= 0xFF) {
            out.writeByte(BYTES_8);
            out.writeByte(len);
        } else if (len <= 0xFFFF) {
            out.writeByte(BYTES_16);
            out.writeShort(len);
        } else {
            out.writeByte(BYTES_32);
            out.writeInt(len);
        }
        out.ensureWritable(len);
        switch (type) {
            case INT8 -> { for (int i = 0; i < size; i++) out.writeByte((int) v.longAt(i)); }
            case INT16 -> { for (int i = 0; i < size; i++) out.writeShort((int) v.longAt(i)); }
            case INT32 -> { for (int i = 0; i < size; i++) out.writeInt((int) v.longAt(i)); }
            case INT64 -> { for (int i = 0; i < size; i++) out.writeLong(v.longAt(i)); }
            case FLOAT32 -> { for (int i = 0; i < size; i++) out.writeFloat(v.floatAt(i)); }
            case FLOAT64 -> { for (int i = 0; i < size; i++) out.writeDouble(v.doubleAt(i)); }
        }
    }
}
