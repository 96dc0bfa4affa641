package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Pure version-negotiation logic shared by the handshake handlers (no I/O).
 *
 * <p>Wire layout of a 32-bit proposal, big-endian: {@code 00 RR mm MM} = reserved, range, minor,
 * major; meaning "any of M.m down to M.(m-R)".
 */
final class ProtocolNegotiator {

    /** {@code 60 60 B0 17}. */
    static final int MAGIC = 0x6060B017;
    /** {@code 00 00 01 FF}: handshake manifest v1. */
    static final int MANIFEST_V1 = 0x000001FF;
    /** {@code 48 54 54 50} ("HTTP"): the reply of an HTTP server. */
    static final int HTTP = 0x48545450;
    /** Bytes a client sends: magic + four proposals. */
    static final int HANDSHAKE_SIZE = 20;
    /** Major version byte that marks a handshake (not protocol) version. */
    static final int HANDSHAKE_MAJOR = 0xFF;

    private static final BoltVersion V5_5 = new BoltVersion(5, 5);

    private ProtocolNegotiator() {
    }

    /** What the server answers to the client's four proposals. */
    sealed interface Decision permits Legacy, Manifest, NoMatch {
    }

    /** Answer with this version in the legacy 4-byte form. */
    record Legacy(BoltVersion version) implements Decision {
    }

    /** Switch to the manifest v1 flow. */
    record Manifest() implements Decision {
    }

    /** Nothing in common: answer {@code 00 00 00 00} and close. */
    record NoMatch() implements Decision {
    }

    /**
     * Validates and normalizes a supported-version list: no duplicates, highest first, never 5.5.
     */
    static List<BoltVersion> normalize(List<BoltVersion> versions) {
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("At least one Bolt version must be supported");
        }
        TreeSet<BoltVersion> set = new TreeSet<>(Comparator.reverseOrder());
        for (BoltVersion v : versions) {
            if (v == null) {
                throw new IllegalArgumentException("null Bolt version in " + versions);
            }
            if (v.equals(V5_5)) {
                throw new IllegalArgumentException("Bolt 5.5 is never negotiated and cannot be supported");
            }
            if (v.major() == HANDSHAKE_MAJOR) {
                throw new IllegalArgumentException("Not a protocol version: " + v);
            }
            set.add(v);
        }
        return List.copyOf(set);
    }

    /**
     * Server choice (doc section 2.2): proposals in order, zero slots skipped; a manifest v1 proposal
     * switches to the manifest flow at once when enabled, other handshake versions are skipped;
     * otherwise the highest supported version inside the first proposal that has one wins.
     *
     * @param supported normalized, highest first
     */
    static Decision choose(int[] proposals, List<BoltVersion> supported, boolean manifestEnabled) {
        for (int proposal : proposals) {
            if ((proposal & 0x00FFFFFF) == 0) {
                continue;
            }
            if ((proposal & 0xFF) == HANDSHAKE_MAJOR) {
                if (manifestEnabled && isManifestV1(proposal)) {
                    return new Manifest();
                }
                continue;
            }
            BoltVersion v = highestInRange(proposal, supported);
            if (v != null) {
                return new Legacy(v);
            }
        }
        return new NoMatch();
    }

    /** True for exactly {@code 00 00 01 FF}; other handshake versions are not understood. */
    static boolean isManifestV1(int proposal) {
        return proposal == MANIFEST_V1;
    }

    /** True when {@code version} lies in the proposal/range {@code proposal}. */
    static boolean inRange(int proposal, BoltVersion version) {
        int major = proposal & 0xFF;
        int minor = (proposal >>> 8) & 0xFF;
        int range = (proposal >>> 16) & 0xFF;
        return version.major() == major && version.minor() <= minor && version.minor() >= minor - range;
    }

    /** The highest of {@code supported} (highest first) inside the range, or null. */
    static BoltVersion highestInRange(int proposal, List<BoltVersion> supported) {
        if ((proposal & 0xFF) == HANDSHAKE_MAJOR) {
            return null;
        }
        for (BoltVersion v : supported) {
            if (inRange(proposal, v)) {
                return v;
            }
        }
        return null;
    }

    /** The highest of {@code supported} (highest first) inside any of the ranges, or null. */
    static BoltVersion highestInAnyRange(int[] ranges, List<BoltVersion> supported) {
        for (BoltVersion v : supported) {
            for (int r : ranges) {
                if ((r & 0xFF) != HANDSHAKE_MAJOR && inRange(r, v)) {
                    return v;
                }
            }
        }
        return null;
    }

    /**
     * Compresses versions into ranges of consecutive minors per major, highest first, e.g.
     * 6.1, 6.0, 5.8, 5.7, 5.6, 5.4..5.0, 4.4 → {@code 00 01 01 06, 00 02 08 05, 00 04 04 05, 00 00 04 04}.
     *
     * @param supported normalized, highest first
     */
    static int[] compressRanges(List<BoltVersion> supported) {
        List<Integer> ranges = new ArrayList<>();
        int i = 0;
        while (i < supported.size()) {
            BoltVersion top = supported.get(i);
            int j = i;
            while (j + 1 < supported.size()
                    && supported.get(j + 1).major() == top.major()
                    && supported.get(j + 1).minor() == supported.get(j).minor() - 1) {
                j++;
            }
            ranges.add(encodeRange(top, top.minor() - supported.get(j).minor()));
            i = j + 1;
        }
        return ranges.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The four proposals a client sends, computed like the official drivers do: the manifest v1
     * sentinel first (when enabled), then one range per major version, highest major first, from its
     * highest to its lowest supported minor (gaps such as 5.5 included: a server only picks what it
     * implements, and the reply is checked). With the manifest enabled, majors from 6 on are left to
     * the manifest (legacy negotiation cannot reach them in official servers). Unused slots are zero.
     *
     * @param supported normalized, highest first
     */
    static int[] proposals(List<BoltVersion> supported, boolean manifestEnabled) {
        int[] slots = new int[4];
        int n = 0;
        if (manifestEnabled) {
            slots[n++] = MANIFEST_V1;
        }
        int i = 0;
        while (i < supported.size() && n < slots.length) {
            BoltVersion top = supported.get(i);
            int j = i;
            while (j + 1 < supported.size() && supported.get(j + 1).major() == top.major()) {
                j++;
            }
            if (!(manifestEnabled && top.major() >= 6)) {
                slots[n++] = encodeRange(top, top.minor() - supported.get(j).minor());
            }
            i = j + 1;
        }
        return slots;
    }

    static int encodeRange(BoltVersion top, int range) {
        return (range << 16) | top.toWire();
    }

    /** Hex form of 4-byte values for messages, e.g. {@code [00 08 08 05, 00 00 04 04]}. */
    static String hex(int... values) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < values.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(hex(values[k]));
        }
        return sb.append(']').toString();
    }

    static String hex(int value) {
        return String.format("%02X %02X %02X %02X",
                (value >>> 24) & 0xFF, (value >>> 16) & 0xFF, (value >>> 8) & 0xFF, value & 0xFF);
    }
}
