package io.asyncbolt.internal.packstream;

/**
 * The version-dependent parts of the PackStream value encoding, chosen once per connection from the
 * negotiated Bolt version.
 *
 * @param elementIds  graph entities carry element ids (Bolt 5.0+): Node 4 fields, Relationship 8,
 *                    UnboundRelationship 4; otherwise 3/5/3
 * @param utcDateTime date-times use the UTC structs {@code I}/{@code i} (Bolt 5.0+, or 4.4 with the
 *                    {@code utc} patch); otherwise the legacy {@code F}/{@code f}
 * @param vectors     the Vector struct {@code V} and UnsupportedType {@code ?} exist (Bolt 6.0+)
 * @param uuid        the top-level UUID value (marker {@code E0}) exists (Bolt 6.1+)
 */
public record ValueFormat(boolean elementIds, boolean utcDateTime, boolean vectors, boolean uuid) {

    /** Bolt 4.4 without the {@code utc} patch. */
    public static final ValueFormat V4 = new ValueFormat(false, false, false, false);
    /** Bolt 4.4 with the {@code utc} patch acknowledged. */
    public static final ValueFormat V4_UTC = new ValueFormat(false, true, false, false);
    /** Bolt 5.x. */
    public static final ValueFormat V5 = new ValueFormat(true, true, false, false);
    /** Bolt 6.0. */
    public static final ValueFormat V6 = new ValueFormat(true, true, true, false);
    /** Bolt 6.1 and later. */
    public static final ValueFormat V6_1 = new ValueFormat(true, true, true, true);
}
