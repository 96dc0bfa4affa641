package io.asyncbolt.protocol;

import java.util.List;

/**
 * A Bolt protocol version, {@code major.minor}.
 *
 * <p>On the wire a version is four bytes {@code 00 RR mm MM}: reserved, range, minor, major. The
 * range byte only appears in proposals; a chosen version always has range 0.
 */
public record BoltVersion(int major, int minor) implements Comparable<BoltVersion> {

    public static final BoltVersion V4_4 = new BoltVersion(4, 4);
    public static final BoltVersion V5_0 = new BoltVersion(5, 0);
    public static final BoltVersion V5_1 = new BoltVersion(5, 1);
    public static final BoltVersion V5_2 = new BoltVersion(5, 2);
    public static final BoltVersion V5_3 = new BoltVersion(5, 3);
    public static final BoltVersion V5_4 = new BoltVersion(5, 4);
    public static final BoltVersion V5_6 = new BoltVersion(5, 6);
    public static final BoltVersion V5_7 = new BoltVersion(5, 7);
    public static final BoltVersion V5_8 = new BoltVersion(5, 8);
    public static final BoltVersion V6_0 = new BoltVersion(6, 0);
    /** PackStream's UUID value (marker {@code E0}); otherwise the same messages as 6.0. */
    public static final BoltVersion V6_1 = new BoltVersion(6, 1);

    /**
     * Every version asyncbolt implements, highest first. 5.5 is left out on purpose: no Neo4j server
     * ever negotiates it and drivers disagree on its shape.
     */
    public static final List<BoltVersion> ALL = List.of(
            V6_1, V6_0, V5_8, V5_7, V5_6, V5_4, V5_3, V5_2, V5_1, V5_0, V4_4);

    public BoltVersion {
        if (major < 0 || major > 255 || minor < 0 || minor > 255) {
            throw new IllegalArgumentException("Bolt version out of range: " + major + "." + minor);
        }
    }

    /** Parses {@code "5.8"}. */
    public static BoltVersion parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("Not a Bolt version (expected major.minor): " + text);
        }
        try {
            return new BoltVersion(Integer.parseInt(text.substring(0, dot).trim()),
                    Integer.parseInt(text.substring(dot + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Bolt version (expected major.minor): " + text, e);
        }
    }

    /** Decodes the 32-bit wire form {@code 00 00 mm MM}, ignoring the reserved and range bytes. */
    public static BoltVersion fromWire(int encoded) {
        return new BoltVersion(encoded & 0xFF, (encoded >>> 8) & 0xFF);
    }

    /** The 32-bit wire form {@code 00 00 mm MM}. */
    public int toWire() {
        return (minor << 8) | major;
    }

    /** True when this version is at least {@code other} (same or higher). */
    public boolean isAtLeast(BoltVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(BoltVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
