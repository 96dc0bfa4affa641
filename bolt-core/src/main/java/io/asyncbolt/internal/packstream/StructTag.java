package io.asyncbolt.internal.packstream;

/**
 * The table of Bolt's value structures: each tag byte, the type's name, and its field count in a
 * {@link ValueFormat}. {@link Packer} writes and {@link Unpacker} checks struct headers from it, so the
 * two cannot disagree. A struct with a tag not in this table (or not in the negotiated format) travels as
 * a generic {@link io.asyncbolt.value.Structure}.
 */
enum StructTag {

    NODE('N', "Node"),
    RELATIONSHIP('R', "Relationship"),
    UNBOUND_RELATIONSHIP('r', "UnboundRelationship"),
    PATH('P', "Path"),
    DATE('D', "Date"),
    TIME('T', "Time"),
    LOCAL_TIME('t', "LocalTime"),
    /** UTC seconds (Bolt 5.0+, or 4.4 with the {@code utc} patch). */
    DATE_TIME('I', "DateTime"),
    DATE_TIME_ZONE_ID('i', "DateTimeZoneId"),
    /** Local seconds (Bolt 4.4 without the {@code utc} patch). */
    LEGACY_DATE_TIME('F', "DateTime"),
    LEGACY_DATE_TIME_ZONE_ID('f', "DateTimeZoneId"),
    LOCAL_DATE_TIME('d', "LocalDateTime"),
    DURATION('E', "Duration"),
    POINT_2D('X', "Point2D"),
    POINT_3D('Y', "Point3D"),
    /** Bolt 6.0+. */
    VECTOR('V', "Vector"),
    /** Bolt 6.0+. */
    UNSUPPORTED_TYPE('?', "UnsupportedType");

    private static final StructTag[] BY_TAG = new StructTag[256];

    static {
        for (StructTag t : values()) {
            BY_TAG[t.tag & 0xFF] = t;
        }
    }

    /** The tag byte on the wire. */
    final byte tag;
    /** The type's name in Bolt's documentation (and in error messages). */
    final String typeName;

    StructTag(char tag, String typeName) {
        this.tag = (byte) tag;
        this.typeName = typeName;
    }

    /** The structure with {@code tag} in {@code format}, or null when the format has none (a generic struct). */
    static StructTag of(byte tag, ValueFormat format) {
        StructTag t = BY_TAG[tag & 0xFF];
        return t == null || ((t == VECTOR || t == UNSUPPORTED_TYPE) && !format.vectors()) ? null : t;
    }

    /** The type name for {@code tag}, {@code Structure} for a tag not in the table. */
    static String nameOf(byte tag) {
        StructTag t = BY_TAG[tag & 0xFF];
        return t == null ? "Structure" : t.typeName;
    }

    /** The exact number of fields of this structure in {@code format}. */
    int fields(ValueFormat format) {
        return switch (this) {
            case DATE, LOCAL_TIME -> 1;
            case TIME, LOCAL_DATE_TIME, VECTOR -> 2;
            case PATH, POINT_2D, DATE_TIME, DATE_TIME_ZONE_ID, LEGACY_DATE_TIME, LEGACY_DATE_TIME_ZONE_ID -> 3;
            case DURATION, POINT_3D, UNSUPPORTED_TYPE -> 4;
            case NODE, UNBOUND_RELATIONSHIP -> format.elementIds() ? 4 : 3;
            case RELATIONSHIP -> format.elementIds() ? 8 : 5;
        };
    }

    /**
     * Why this structure may not be read in {@code format} (a date-time of the other date-time mode), or
     * null when it may.
     */
    String refusal(ValueFormat format, int pos) {
        return switch (this) {
            case DATE_TIME, DATE_TIME_ZONE_ID -> format.utcDateTime() ? null : String.format(
                    "UTC %s struct (tag 0x%02X) is not allowed without the utc patch (legacy date-time mode) at offset %d",
                    typeName, tag & 0xFF, pos);
            case LEGACY_DATE_TIME, LEGACY_DATE_TIME_ZONE_ID -> !format.utcDateTime() ? null : String.format(
                    "legacy %s struct (tag 0x%02X) is not allowed in UTC date-time mode at offset %d",
                    typeName, tag & 0xFF, pos);
            default -> null;
        };
    }
}
