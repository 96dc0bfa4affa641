package io.asyncbolt.internal.packstream;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Point3D;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.UnboundRelationship;
import io.asyncbolt.value.UnsupportedType;
import io.asyncbolt.value.Vector;
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
import java.util.List;
import java.util.Map;

/**
 * Turns the fields of a known Bolt structure ({@link StructTag}), already read by the {@link Unpacker},
 * into its Java value: temporal values as {@code java.time}, spatial, graph and vector values as the
 * types of {@code io.asyncbolt.value}. Checks each field's type and range; problems are
 * {@link PackStreamException}s naming the struct's offset. Stateless apart from its format.
 */
final class StructHydrator {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Finds the zone of a DateTimeZoneId; the Unpacker decides what an unknown id means. */
    @FunctionalInterface
    interface ZoneLookup {
        ZoneId zone(String id, int pos);
    }

    private final ValueFormat format;
    private final ZoneLookup zones;

    StructHydrator(ValueFormat format, ZoneLookup zones) {
        this.format = format;
        this.zones = zones;
    }

    /** The value of the struct {@code tag} with fields {@code f} (exactly as many as the format says). */
Object hydrate(StructTag tag, Object[] f, int pos) {
        switch (tag) {
            case DATE:
                return LocalDate.ofEpochDay(longField(f, 0, tag, "days", pos));
            case LOCAL_TIME:
                return LocalTime.ofNanoOfDay(longField(f, 0, tag, "nanoseconds", pos));
            case TIME:
                return OffsetTime.of(LocalTime.ofNanoOfDay(longField(f, 0, tag, "nanoseconds", pos)),
                        offsetField(f, 1, tag, pos));
            case LOCAL_DATE_TIME:
                return LocalDateTime.ofEpochSecond(longField(f, 0, tag, "seconds", pos),
                        nanosField(f, 1, tag, pos), ZoneOffset.UTC);
            case DATE_TIME: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneOffset offset = offsetField(f, 2, tag, pos);
                return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
            }
            case LEGACY_DATE_TIME: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneOffset offset = offsetField(f, 2, tag, pos);
                return OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), offset);
            }
            case DATE_TIME_ZONE_ID: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneId zone = zones.zone(stringField(f, 2, tag, "tz_id", pos), pos);
                return zone == null ? null : ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), zone);
            }
            case LEGACY_DATE_TIME_ZONE_ID: {
                long seconds = longField(f, 0, tag, "seconds", pos);
                int nanos = nanosField(f, 1, tag, pos);
                ZoneId zone = zones.zone(stringField(f, 2, tag, "tz_id", pos), pos);
                return zone == null ? null : ZonedDateTime.ofLocal(LocalDateTime.ofEpochSecond(seconds, nanos,
                        ZoneOffset.UTC), zone, null);
            }
            case DURATION: {
                // Any nanoseconds are accepted and carried into the seconds: the Python driver sends a
                // negative sub-second part with the sign of the duration (-0.5 s = 0 s, -500000000 ns),
                // Go sends what the user set. Neo4j normalises the same way.
                long seconds = longField(f, 2, tag, "seconds", pos);
                long nanos = longField(f, 3, tag, "nanoseconds", pos);
                return new IsoDuration(longField(f, 0, tag, "months", pos), longField(f, 1, tag, "days", pos),
                        Math.addExact(seconds, Math.floorDiv(nanos, NANOS_PER_SECOND)),
                        (int) Math.floorMod(nanos, NANOS_PER_SECOND));
            }
            case POINT_2D:
                return new Point2D(intField(f, 0, tag, "srid", pos), doubleField(f, 1, tag, "x", pos),
                        doubleField(f, 2, tag, "y", pos));
            case POINT_3D:
                return new Point3D(intField(f, 0, tag, "srid", pos), doubleField(f, 1, tag, "x", pos),
                        doubleField(f, 2, tag, "y", pos), doubleField(f, 3, tag, "z", pos));
            case NODE:
                return node(f, pos);
            case RELATIONSHIP:
                return relationship(f, pos);
            case UNBOUND_RELATIONSHIP:
                return unboundRelationship(f, pos);
            case PATH:
                return path(f, pos);
            case VECTOR:
                return vector(f, pos);
            case UNSUPPORTED_TYPE:
                return unsupportedType(f, pos);
        }
        throw new IllegalStateException("no hydration for " + tag);
    }

    private Node node(Object[] f, int pos) {
        long id = longField(f, 0, StructTag.NODE, "id", pos);
        List<Object> rawLabels = listField(f, 1, StructTag.NODE, "labels", pos);
        List<String> labels = new ArrayList<>(rawLabels.size());
        for (Object label : rawLabels) {
            if (!(label instanceof String s)) {
                throw fieldError(StructTag.NODE, "labels", "a List of String", label, pos);
            }
            labels.add(s);
        }
        Map<String, Object> props = mapField(f, 2, StructTag.NODE, "properties", pos);
        String elementId = format.elementIds() ? stringField(f, 3, StructTag.NODE, "element_id", pos) : String.valueOf(id);
        return new Node(id, elementId, labels, props);
    }

    private Relationship relationship(Object[] f, int pos) {
        StructTag t = StructTag.RELATIONSHIP;
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
        StructTag t = StructTag.UNBOUND_RELATIONSHIP;
        long id = longField(f, 0, t, "id", pos);
        String type = stringField(f, 1, t, "type", pos);
        Map<String, Object> props = mapField(f, 2, t, "properties", pos);
        String elementId = format.elementIds() ? stringField(f, 3, t, "element_id", pos) : String.valueOf(id);
        return new UnboundRelationship(id, elementId, type, props);
    }

    private Path path(Object[] f, int pos) {
        StructTag t = StructTag.PATH;
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
        byte[] typeBytes = bytesField(f, 0, StructTag.VECTOR, "type_marker", pos);
        if (typeBytes.length != 1) {
            throw new PackStreamException("Vector type marker must be 1 byte, not " + typeBytes.length
                    + " (struct at offset " + pos + ")");
        }
        Vector.ElementType type = Vector.ElementType.fromMarker(typeBytes[0]);
        if (type == null) {
            throw new PackStreamException(String.format(
                    "unknown Vector element type 0x%02X (struct at offset %d)", typeBytes[0] & 0xFF, pos));
        }
        return Vector.fromBigEndian(type, bytesField(f, 1, StructTag.VECTOR, "data", pos));
    }

    private static UnsupportedType unsupportedType(Object[] f, int pos) {
        StructTag t = StructTag.UNSUPPORTED_TYPE;
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

    private static long longField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof Long l) {
            return l;
        }
        throw fieldError(tag, name, "an Integer", f[i], pos);
    }

    private static int intField(Object[] f, int i, StructTag tag, String name, int pos) {
        long v = longField(f, i, tag, name, pos);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new PackStreamException(String.format("%s field %s %d is out of the 32-bit range (struct at offset %d)",
                    tag.typeName, name, v, pos));
        }
        return (int) v;
    }

    private static int nanosField(Object[] f, int i, StructTag tag, int pos) {
        long v = longField(f, i, tag, "nanoseconds", pos);
        if (v < 0 || v > 999_999_999) {
            throw new PackStreamException(String.format(
                    "%s field nanoseconds %d is not in 0..999999999 (struct at offset %d)", tag.typeName, v, pos));
        }
        return (int) v;
    }

    private static ZoneOffset offsetField(Object[] f, int i, StructTag tag, int pos) {
        long v = longField(f, i, tag, "tz_offset_seconds", pos);
        if (v < -18 * 3600 || v > 18 * 3600) {
            throw new PackStreamException(String.format(
                    "%s field tz_offset_seconds %d is not in -64800..64800 (struct at offset %d)",
                    tag.typeName, v, pos));
        }
        return ZoneOffset.ofTotalSeconds((int) v);
    }

    private static double doubleField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof Double d) {
            return d;
        }
        throw fieldError(tag, name, "a Float", f[i], pos);
    }

    private static String stringField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof String s) {
            return s;
        }
        throw fieldError(tag, name, "a String", f[i], pos);
    }

    private static byte[] bytesField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof byte[] b) {
            return b;
        }
        throw fieldError(tag, name, "Bytes", f[i], pos);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw fieldError(tag, name, "a List", f[i], pos);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapField(Object[] f, int i, StructTag tag, String name, int pos) {
        if (f[i] instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw fieldError(tag, name, "a Map", f[i], pos);
    }

    private static PackStreamException fieldError(StructTag tag, String field, String expected, Object actual, int pos) {
        return new PackStreamException(String.format("%s field %s must be %s but was %s (struct at offset %d)",
                tag.typeName, field, expected, typeName(actual), pos));
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
}
