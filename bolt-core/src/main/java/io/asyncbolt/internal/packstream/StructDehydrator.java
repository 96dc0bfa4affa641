package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.PackStream.BYTES_16;
import static io.asyncbolt.internal.packstream.PackStream.BYTES_32;
import static io.asyncbolt.internal.packstream.PackStream.BYTES_8;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Writes the values that are Bolt structures rather than PackStream's own types, in the shape of the
 * {@link ValueFormat} ({@link StructTag}): {@code java.time} values, spatial, graph and vector values,
 * generic {@link Structure}s; and the values the format cannot carry (UUID before Bolt 6.1, Vector and
 * UnsupportedType before 6.0), refused or written as placeholders (see {@link Packer}). Stateless apart
 * from its configuration.
 */
final class StructDehydrator {

    private static final String UUID_TYPE = "UUID";
    private static final String VECTOR_TYPE = "VECTOR";
    private static final String UUID_NEEDS_6_1 = "UUID values need Bolt 6.1 or later";

    private final Packer packer;
    private final ValueFormat format;
    private final boolean placeholders;

    StructDehydrator(Packer packer, ValueFormat format, boolean placeholders) {
        this.packer = packer;
        this.format = format;
        this.placeholders = placeholders;
    }

    /** Packs {@code value}, a type that is not PackStream's own; others throw {@link PackStreamException}. */
void pack(ByteBuf out, Object value) {
        if (value instanceof LocalDate d) {
            header(out, StructTag.DATE);
            packer.packLong(out, d.toEpochDay());
        } else if (value instanceof LocalTime t) {
            header(out, StructTag.LOCAL_TIME);
            packer.packLong(out, t.toNanoOfDay());
        } else if (value instanceof OffsetTime t) {
            header(out, StructTag.TIME);
            packer.packLong(out, t.toLocalTime().toNanoOfDay());
            packer.packLong(out, t.getOffset().getTotalSeconds());
        } else if (value instanceof LocalDateTime dt) {
            header(out, StructTag.LOCAL_DATE_TIME);
            packer.packLong(out, dt.toEpochSecond(ZoneOffset.UTC));
            packer.packLong(out, dt.getNano());
        } else if (value instanceof OffsetDateTime dt) {
            packOffsetDateTime(out, dt.toLocalDateTime(), dt.getOffset());
        } else if (value instanceof ZonedDateTime zdt) {
            if (zdt.getZone() instanceof ZoneOffset offset) {
                packOffsetDateTime(out, zdt.toLocalDateTime(), offset);
            } else if (format.utcDateTime()) {
                header(out, StructTag.DATE_TIME_ZONE_ID);
                packer.packLong(out, zdt.toEpochSecond());
                packer.packLong(out, zdt.getNano());
                packer.packString(out, zdt.getZone().getId());
            } else {
                header(out, StructTag.LEGACY_DATE_TIME_ZONE_ID);
                packer.packLong(out, zdt.toLocalDateTime().toEpochSecond(ZoneOffset.UTC));
                packer.packLong(out, zdt.getNano());
                packer.packString(out, zdt.getZone().getId());
            }
        } else if (value instanceof IsoDuration d) {
            packDuration(out, d.months(), d.days(), d.seconds(), d.nanoseconds());
        } else if (value instanceof Duration d) {
            packDuration(out, 0, 0, d.getSeconds(), d.getNano());
        } else if (value instanceof Period p) {
            packDuration(out, p.toTotalMonths(), p.getDays(), 0, 0);
        } else if (value instanceof Point2D p) {
            header(out, StructTag.POINT_2D);
            packer.packLong(out, p.srid());
            packer.packDouble(out, p.x());
            packer.packDouble(out, p.y());
        } else if (value instanceof Point3D p) {
            header(out, StructTag.POINT_3D);
            packer.packLong(out, p.srid());
            packer.packDouble(out, p.x());
            packer.packDouble(out, p.y());
            packer.packDouble(out, p.z());
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
            packer.packStructHeader(out, fields.size(), s.tag());
            for (Object field : fields) {
                packer.packValue(out, field);
            }
        } else {
            throw new PackStreamException("cannot pack a value of type " + value.getClass().getName());
        }
    }

    private void packOffsetDateTime(ByteBuf out, LocalDateTime local, ZoneOffset offset) {
        long localSeconds = local.toEpochSecond(ZoneOffset.UTC);
        int offsetSeconds = offset.getTotalSeconds();
        if (format.utcDateTime()) {
            header(out, StructTag.DATE_TIME);
            packer.packLong(out, localSeconds - offsetSeconds);
        } else {
            header(out, StructTag.LEGACY_DATE_TIME);
            packer.packLong(out, localSeconds);
        }
        packer.packLong(out, local.getNano());
        packer.packLong(out, offsetSeconds);
    }

    private void packDuration(ByteBuf out, long months, long days, long seconds, int nanos) {
        header(out, StructTag.DURATION);
        packer.packLong(out, months);
        packer.packLong(out, days);
        packer.packLong(out, seconds);
        packer.packLong(out, nanos);
    }

    private void packNode(ByteBuf out, Node n) {
        header(out, StructTag.NODE);
        packer.packLong(out, n.id());
        List<String> labels = n.labels();
        packer.packListHeader(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            packer.packString(out, labels.get(i));
        }
        packer.packMapValue(out, n.properties());
        if (format.elementIds()) {
            packer.packString(out, n.elementId());
        }
    }

    private void packRelationship(ByteBuf out, Relationship r) {
        header(out, StructTag.RELATIONSHIP);
        packer.packLong(out, r.id());
        packer.packLong(out, r.startNodeId());
        packer.packLong(out, r.endNodeId());
        packer.packString(out, r.type());
        packer.packMapValue(out, r.properties());
        if (format.elementIds()) {
            packer.packString(out, r.elementId());
            packer.packString(out, r.startNodeElementId());
            packer.packString(out, r.endNodeElementId());
        }
    }

    private void packUnboundRelationship(ByteBuf out, UnboundRelationship r) {
        header(out, StructTag.UNBOUND_RELATIONSHIP);
        packer.packLong(out, r.id());
        packer.packString(out, r.type());
        packer.packMapValue(out, r.properties());
        if (format.elementIds()) {
            packer.packString(out, r.elementId());
        }
    }

    private void packPath(ByteBuf out, Path p) {
        Path.Wire wire = p.toWire();
        header(out, StructTag.PATH);
        packer.packListHeader(out, wire.nodes().size());
        for (Node n : wire.nodes()) {
            packNode(out, n);
        }
        packer.packListHeader(out, wire.relationships().size());
        for (UnboundRelationship r : wire.relationships()) {
            packUnboundRelationship(out, r);
        }
        List<Long> indices = wire.indices();
        packer.packListHeader(out, indices.size());
        for (int i = 0; i < indices.size(); i++) {
            packer.packLong(out, indices.get(i));
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
        header(out, StructTag.UNSUPPORTED_TYPE);
        packer.packString(out, name);
        packer.packLong(out, major);
        packer.packLong(out, minor);
        if (message == null) {
            packer.packMapHeader(out, 0);
        } else {
            packer.packMapHeader(out, 1);
            packer.packString(out, "message");
            packer.packString(out, message);
        }
    }

    /** The map a client before Bolt 6.0 gets in place of a value of a type its version does not know. */
    private void packPlaceholder(ByteBuf out, String typeName) {
        packer.packMapHeader(out, 2);
        packer.packString(out, Packer.PLACEHOLDER_TYPE_KEY);
        packer.packString(out, typeName);
        packer.packString(out, Packer.PLACEHOLDER_REASON_KEY);
        packer.packString(out, Packer.PLACEHOLDER_UNKNOWN_TYPE);
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
        header(out, StructTag.VECTOR);
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

    private void header(ByteBuf out, StructTag tag) {
        packer.packStructHeader(out, tag.fields(format), tag.tag);
    }
}
