package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.PackStream.*;

import io.asyncbolt.value.UnsupportedType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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

    private final ValueFormat format;
    private final boolean placeholders;
    private final StructDehydrator dehydrator;

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
        this.dehydrator = new StructDehydrator(this, format, placeholders);
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

    void packValue(ByteBuf out, Object value) {
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

    void packMapValue(ByteBuf out, Map<?, ?> map) {
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

    /** Temporal, spatial, graph and vector values, and what the format cannot carry. */
    private void packStructValue(ByteBuf out, Object value) {
        dehydrator.pack(out, value);
    }
}
