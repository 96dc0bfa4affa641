package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.Bufs.unpack;
import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.Vector;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostileInputTest {

    private final Unpacker v4 = new Unpacker(ValueFormat.V4);
    private final Unpacker v5 = new Unpacker(ValueFormat.V5);
    private final Unpacker v6 = new Unpacker(ValueFormat.V6);
    private final Unpacker v61 = new Unpacker(ValueFormat.V6_1);

    private static void assertFails(Unpacker unpacker, String hex, String fragment) {
        assertThatThrownBy(() -> unpack(unpacker, hex))
                .as(hex)
                .isInstanceOf(PackStreamException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void emptyInput() {
        assertFails(v5, "", "unexpected end of data");
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackLong)).isInstanceOf(PackStreamException.class);
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackString)).isInstanceOf(PackStreamException.class);
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackList)).isInstanceOf(PackStreamException.class);
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackMap)).isInstanceOf(PackStreamException.class);
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackStructHeader)).isInstanceOf(PackStreamException.class);
        assertThatThrownBy(() -> Bufs.read(new byte[0], v5::unpackStructTag)).isInstanceOf(PackStreamException.class);
    }

    @Test
    void truncatedAtEveryByte() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "Ünïcödé ✓ \uD83D\uDE00");
        props.put("n", 1L << 40);
        props.put("f", 1.5);
        props.put("b", new byte[] {1, 2, 3});
        props.put("l", List.of(1L, -200L, 70000L, "x".repeat(300)));
        Node a = new Node(1, "n1", List.of("A", "B"), props);
        Node b = new Node(2, "n2", List.of(), Map.of());
        Path path = Path.of(a).then(new Relationship(3, "r3", 2, "n2", 1, "n1", "T", Map.of("w", 2L)), b);
        List<Object> value = List.of(props, a, path,
                OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 999, ZoneOffset.ofHours(5)),
                ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")),
                LocalDate.of(2000, 1, 1), new IsoDuration(1, 2, 3, 4), new Point2D(7203, 1, 2),
                Vector.of(new short[] {1, 2, 3}), UUID.randomUUID(), Map.of("k", List.of(Map.of())));
        for (ValueFormat format : List.of(ValueFormat.V4, ValueFormat.V6_1)) {
            Packer packer = new Packer(format);
            Unpacker unpacker = new Unpacker(format);
            List<Object> v = format.uuid() ? value : value.subList(0, 8);
            byte[] bytes = Bufs.write(buf -> packer.pack(buf, v));
            assertThat(Bufs.read(bytes, unpacker::unpack)).isInstanceOf(List.class);
            for (int len = 0; len < bytes.length; len++) {
                byte[] prefix = Arrays.copyOf(bytes, len);
                int l = len;
                assertThatThrownBy(() -> Bufs.read(prefix, unpacker::unpack))
                        .as("%s truncated to %d of %d bytes", format, l, bytes.length)
                        .isInstanceOf(PackStreamException.class)
                        .hasMessageMatching("(?s).*(truncated|end of data|exceeds).*");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "D2 FF FF FF FF 41 41 41 41 41, declared string length 4294967295 exceeds the 5 bytes remaining at offset 0",
            "D2 7F FF FF FF 41 41 41 41 41, declared string length 2147483647 exceeds the 5 bytes remaining at offset 0",
            "D1 FF FF 41 41 41 41 41 41 41, declared string length 65535 exceeds the 7 bytes remaining",
            "D6 7F FF FF FF 01 01 01 01 01, declared list size 2147483647 exceeds",
            "D6 FF FF FF FF 01 01 01 01 01, declared list size 4294967295 exceeds",
            "D5 FF FF 01 01 01 01 01 01 01, declared list size 65535 exceeds",
            "DA 7F FF FF FF 81 61 01 01 01, declared map size 2147483647 exceeds",
            "DA 40 00 00 00 81 61 01 01 01, declared map size 1073741824 exceeds",
            "D8 05 81 61 01 81 62 01 81 63, declared map size 5 exceeds",
            "CE FF FF FF FF 00 00 00 00 00, declared bytes length 4294967295 exceeds",
            "CE 7F FF FF FF 00 00 00 00 00, declared bytes length 2147483647 exceeds",
            "CD FF FF 00 00 00 00 00 00 00, declared bytes length 65535 exceeds",
            "DD FF FF 4E 01 01 01 01 01 01, declared struct size 65535 exceeds",
            "DC FF 01 01 01 01 01 01 01 01, declared struct size 255 exceeds",
            "91 91 D6 7F FF FF FF 01 01 01, declared list size 2147483647 exceeds the 3 bytes remaining at offset 2",
    })
    void hugeDeclaredSizesFailFastWithoutAllocating(String hex, String message) {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFails(v5, hex, message));
    }

    @Test
    void hugeSizesAlsoFailInTypedReaders() {
        assertThatThrownBy(() -> Bufs.read(hex("D2 FF FF FF FF 41"), v5::unpackString))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Bufs.read(hex("D6 7F FF FF FF 01"), v5::unpackList))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Bufs.read(hex("DA 7F FF FF FF 01"), v5::unpackMap))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Bufs.read(hex("DD FF FF 70"), v5::unpackStructHeader))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("exceeds");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"91", "A1 81 61", "B1 01", "D4 01", "DC 01 01"})
    void deepNestingIsBoundedWithoutStackOverflow(String opener) {
        byte[] one = hex(opener);
        byte[] input = new byte[one.length * 10_000 + 1];
        for (int i = 0; i < 10_000; i++) {
            System.arraycopy(one, 0, input, i * one.length, one.length);
        }
        input[input.length - 1] = 0x01;
        assertThatThrownBy(() -> Bufs.read(input, v5::unpack))
                .isInstanceOf(PackStreamException.class)
                .hasMessageContaining("nesting depth exceeds the maximum 100");
        if (opener.equals("91")) {
            assertThatThrownBy(() -> Bufs.read(input, v5::unpackList))
                    .isInstanceOf(PackStreamException.class).hasMessageContaining("nesting depth");
        }
        if (opener.startsWith("A1")) {
            assertThatThrownBy(() -> Bufs.read(input, v5::unpackMap))
                    .isInstanceOf(PackStreamException.class).hasMessageContaining("nesting depth");
        }
    }

    @Test
    void depthLimitIsExact() {
        Unpacker limited = new Unpacker(ValueFormat.V5, 3);
        assertThat(unpack(limited, "91 91 91 01")).isEqualTo(List.of(List.of(List.of(1L))));
        assertFails(limited, "91 91 91 91 01", "nesting depth exceeds the maximum 3 at offset 3");
        // list > map > struct: three levels are fine, a fourth is not
        assertThat(unpack(limited, "91 A1 81 61 B1 44 01")).isEqualTo(List.of(Map.of("a", LocalDate.of(1970, 1, 2))));
        assertFails(limited, "91 A1 81 61 91 B1 44 01", "nesting depth exceeds the maximum 3 at offset 5");
    }

    @Test
    void evenAnUnboundedDepthNeverOverflowsTheStack() {
        Unpacker unbounded = new Unpacker(ValueFormat.V5, Integer.MAX_VALUE);
        byte[] input = new byte[2_000_001];
        Arrays.fill(input, (byte) 0x91);
        input[input.length - 1] = 0x01;
        assertThatThrownBy(() -> Bufs.read(input, unbounded::unpack)).isInstanceOf(PackStreamException.class);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"C4", "C5", "C6", "C7", "CF", "D3", "D7", "DB", "DE", "DF",
            "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "EA", "EB", "EC", "ED", "EE", "EF"})
    void reservedMarkers(String marker) {
        assertFails(v61, marker + " 00 00 00 00 00 00 00 00", "reserved marker 0x" + marker + " at offset 0");
        assertFails(v5, "92 01 " + marker, "reserved marker 0x" + marker + " at offset 2");
    }

    @Test
    void uuidMarkerNeedsBolt61() {
        String uuid = "E0 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF";
        assertFails(v6, uuid, "UUID needs Bolt 6.1+");
        assertFails(v5, uuid, "UUID needs Bolt 6.1+");
        assertThat(unpack(v61, uuid)).isInstanceOf(UUID.class);
        assertFails(v61, "E0 00 11", "truncated");
    }

    @Test
    void uuidMarkerBefore61IsRefusedBeforeItsBytesAreRead() {
        // the marker alone is enough to refuse: no 16 bytes are expected, nothing is read past it
        assertFails(new Unpacker(ValueFormat.V4), "E0", "UUID needs Bolt 6.1+: marker 0xE0 at offset 0");
        assertFails(v5, "A1 81 6B E0", "UUID needs Bolt 6.1+: marker 0xE0 at offset 3");
        assertFails(v6, "D4 02 01 E0", "UUID needs Bolt 6.1+: marker 0xE0 at offset 3");
    }

    @Test
    void truncatedUuidFailsCleanlyAtEveryLength() {
        String full = "E0 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF";
        for (int bytes = 0; bytes < 16; bytes++) {
            String prefix = full.substring(0, 2 + 3 * bytes);
            assertFails(v61, prefix, "a UUID at offset 0 needs 16 more bytes but only " + bytes + " remain");
            // inside a list that claims more items than there are bytes
            assertFails(v61, "D6 7F FF FF FF " + prefix, "exceeds");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "82 C3 28",          // bad continuation byte
            "81 C3",             // truncated sequence
            "82 C0 80",          // overlong NUL
            "83 E0 80 80",       // overlong 3-byte
            "83 ED A0 80",       // UTF-16 surrogate
            "84 F4 90 80 80",    // above U+10FFFF
            "84 F5 80 80 80",    // invalid lead byte
            "81 80",             // lone continuation byte
            "81 FF",
    })
    void invalidUtf8(String hex) {
        assertFails(v5, hex, "invalid UTF-8");
        assertThatThrownBy(() -> Bufs.read(hex(hex), v5::unpackString))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("invalid UTF-8");
        assertFails(v5, "A1 " + hex + " 01", "invalid UTF-8");
    }

    @Test
    void mapKeysMustBeStrings() {
        assertFails(v5, "A1 01 01", "map key must be a String but found Integer (marker 0x01) at offset 1");
        assertFails(v5, "A1 C0 01", "map key must be a String but found Null");
        assertFails(v5, "A1 90 01", "map key must be a String but found List");
        assertFails(v5, "A1 B1 44 00 01", "map key must be a String but found Struct");
        assertThatThrownBy(() -> Bufs.read(hex("A1 01 01"), v5::unpackMap))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("map key must be a String");
    }

    @Test
    void exactFieldCountsPerFormat() {
        String node3 = "B3 4E 01 91 81 4C A0";
        String node4 = "B4 4E 01 91 81 4C A0 82 65 31";
        assertThat(unpack(v4, node3)).isInstanceOf(Node.class);
        assertFails(v5, node3, "Node struct (tag 0x4E) must have 4 fields in this protocol version, not 3");
        assertFails(v4, node4, "Node struct (tag 0x4E) must have 3 fields in this protocol version, not 4");
        String rel5 = "B5 52 07 01 02 81 54 A0";
        String rel8 = "B8 52 07 01 02 81 54 A0 82 72 37 82 65 31 82 65 32";
        assertFails(v5, rel5, "Relationship struct (tag 0x52) must have 8 fields");
        assertFails(v4, rel8, "Relationship struct (tag 0x52) must have 5 fields");
        assertFails(v5, "B3 72 07 81 54 A0", "UnboundRelationship struct (tag 0x72) must have 4 fields");
        assertFails(v4, "B4 72 07 81 54 A0 81 72", "UnboundRelationship struct (tag 0x72) must have 3 fields");
        assertFails(v5, "B2 44 01 02", "Date struct (tag 0x44) must have 1 fields");
        assertFails(v5, "B0 74", "LocalTime struct (tag 0x74) must have 1 fields");
        assertFails(v5, "B1 54 01", "Time struct (tag 0x54) must have 2 fields");
        assertFails(v5, "B1 64 01", "LocalDateTime struct (tag 0x64) must have 2 fields");
        assertFails(v5, "B2 49 01 01", "DateTime struct (tag 0x49) must have 3 fields");
        assertFails(v5, "B3 45 01 01 01", "Duration struct (tag 0x45) must have 4 fields");
        assertFails(v5, "B2 58 01 C0", "Point2D struct (tag 0x58) must have 3 fields");
        assertFails(v5, "B3 59 01 C0 C0", "Point3D struct (tag 0x59) must have 4 fields");
        assertFails(v5, "B2 50 90 90", "Path struct (tag 0x50) must have 3 fields");
        assertFails(v6, "B1 56 CC 00", "Vector struct (tag 0x56) must have 2 fields");
        assertFails(v6, "B3 3F 81 58 06 00", "UnsupportedType struct (tag 0x3F) must have 4 fields");
        // legacy DC header with the wrong count
        assertFails(v5, "DC 02 44 01 02", "Date struct (tag 0x44) must have 1 fields");
    }

    @Test
    void dateTimeStructsMustMatchTheMode() {
        String utc = "B3 49 C9 11 94 2A C9 0E 10";
        String legacy = "B3 46 C9 1F A4 2A C9 0E 10";
        String utcZone = "B3 69 01 01 83 55 54 43";
        String legacyZone = "B3 66 01 01 83 55 54 43";
        assertFails(v5, legacy, "legacy DateTime struct (tag 0x46) is not allowed in UTC date-time mode at offset 0");
        assertFails(v5, legacyZone, "legacy DateTimeZoneId struct (tag 0x66) is not allowed");
        assertFails(new Unpacker(ValueFormat.V4_UTC), legacy, "not allowed in UTC date-time mode");
        assertFails(v4, utc, "UTC DateTime struct (tag 0x49) is not allowed");
        assertFails(v4, utcZone, "UTC DateTimeZoneId struct (tag 0x69) is not allowed");
        assertThat(unpack(v5, utcZone)).isInstanceOf(ZonedDateTime.class);
        assertThat(unpack(v4, legacyZone)).isInstanceOf(ZonedDateTime.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "B2 64 00 CA 3B 9A CA 00, nanoseconds 1000000000 is not in 0..999999999",
            "B2 64 00 FF, nanoseconds -1 is not in 0..999999999",
            "B3 49 00 CA 3B 9A CA 00 00, nanoseconds 1000000000",
            "B4 45 00 00 CB 7F FF FF FF FF FF FF FF CA 3B 9A CA 00, invalid Duration struct (tag 0x45) at offset 0",
            "B4 45 00 00 00 C0, Duration field nanoseconds must be an Integer but was Null",
            "B1 44 CB 7F FF FF FF FF FF FF FF, invalid Date struct (tag 0x44) at offset 0",
            "B1 44 CB 80 00 00 00 00 00 00 00, invalid Date struct",
            "B1 74 CB 00 00 4E 94 91 4F 00 00, invalid LocalTime struct",
            "B1 74 FF, invalid LocalTime struct",
            "B2 54 00 CA 00 01 86 A0, tz_offset_seconds 100000 is not in",
            "B2 64 CB 7F FF FF FF FF FF FF FF 00, invalid LocalDateTime struct",
            "B3 49 CB 7F FF FF FF FF FF FF FF 00 00, invalid DateTime struct",
            "B3 49 00 00 CB 7F FF FF FF FF FF FF FF, tz_offset_seconds 9223372036854775807",
            "B3 69 00 00 8C 4E 6F 77 68 65 72 65 2F 4C 61 6E 64, invalid DateTimeZoneId struct (tag 0x69)",
            "B3 69 00 00 80, invalid DateTimeZoneId struct",
            "B3 69 00 00 01, DateTimeZoneId field tz_id must be a String but was Integer",
            "B3 69 CB 7F FF FF FF FF FF FF FF 00 83 55 54 43, invalid DateTimeZoneId struct",
            "B3 58 CB 7F FF FF FF FF FF FF FF C1 00 00 00 00 00 00 00 00 C1 00 00 00 00 00 00 00 00, out of the 32-bit range",
            "B3 58 01 01 01, Point2D field x must be a Float but was Integer",
            "B1 44 81 41, Date field days must be an Integer but was String",
    })
    void invalidTemporalAndSpatialFields(String hex, String message) {
        assertFails(v5, hex, message);
    }

    @Test
    void legacyTemporalsOutOfRange() {
        assertFails(v4, "B3 46 CB 7F FF FF FF FF FF FF FF 00 00", "invalid DateTime struct (tag 0x46)");
        assertFails(v4, "B3 66 00 00 8C 4E 6F 77 68 65 72 65 2F 4C 61 6E 64", "invalid DateTimeZoneId struct (tag 0x66)");
        assertFails(v4, "B3 46 00 CA 3B 9A CA 00 00", "nanoseconds 1000000000");
    }

    @Test
    void invalidGraphEntities() {
        assertFails(v4, "B3 4E 81 41 90 A0", "Node field id must be an Integer but was String");
        assertFails(v4, "B3 4E 01 91 01 A0", "Node field labels must be a List of String but was Integer");
        assertFails(v4, "B3 4E 01 A0 A0", "Node field labels must be a List but was Map");
        assertFails(v4, "B3 4E 01 90 90", "Node field properties must be a Map but was List");
        assertFails(v5, "B4 4E 01 90 A0 C0", "Node field element_id must be a String but was Null");
        assertFails(v4, "B5 52 01 02 03 04 A0", "Relationship field type must be a String but was Integer");
        String n1 = "B3 4E 01 90 A0";
        String n2 = "B3 4E 02 90 A0";
        String r = "B3 72 0A 81 54 A0";
        assertThat(unpack(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 01 01")).isInstanceOf(Path.class);
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 00 01", "path relationship index 0 out of range");
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 02 01", "path relationship index 2 out of range");
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 FE 01", "path relationship index -2 out of range");
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 01 02", "path node index 2 out of range");
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 92 01 FF", "path node index -1 out of range");
        assertFails(v4, "B3 50 92 " + n1 + n2 + " 91 " + r + " 93 01 01 01", "odd number of indices");
        assertFails(v4, "B3 50 90 90 90", "path has no nodes");
        assertFails(v4, "B3 50 91 01 90 90", "Path field nodes must be a List of Node but was Integer");
        assertFails(v4, "B3 50 91 " + n1 + " 91 " + n1 + " 90", "Path field relationships must be a List of UnboundRelationship but was Node");
        assertFails(v4, "B3 50 91 " + n1 + " 90 91 81 41", "Path field indices must be a List of Integer but was String");
    }

    @Test
    void invalidVectorsAndUnsupportedTypes() {
        assertFails(v6, "B2 56 CC 01 C0 CC 00", "unknown Vector element type 0xC0");
        assertFails(v6, "B2 56 CC 02 C6 C6 CC 00", "type marker must be 1 byte, not 2");
        assertFails(v6, "B2 56 CC 01 C6 CC 03 00 00 00", "not a multiple of the FLOAT32 width 4");
        assertFails(v6, "B2 56 81 41 CC 00", "Vector field type_marker must be Bytes but was String");
        assertFails(v6, "B4 3F 81 58 C9 01 2C 00 A0", "minimum version 300.0 out of range");
        assertFails(v6, "B4 3F 81 58 06 00 A1 87 6D 65 73 73 61 67 65 01", "extra.message must be a String");
    }

    /** Random corruption of valid encodings: anything may happen except an exception other than ours. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void corruptedInputOnlyEverThrowsPackStreamException(long seed) {
        java.util.Random random = new java.util.Random(seed);
        for (ValueFormat format : List.of(ValueFormat.V4, ValueFormat.V5, ValueFormat.V6_1)) {
            RandomValues gen = new RandomValues(random, format);
            Packer packer = new Packer(format);
            Unpacker unpacker = new Unpacker(format, 8);
            for (int round = 0; round < 50; round++) {
                Object value = gen.value(3);
                byte[] bytes = Bufs.write(buf -> packer.pack(buf, value));
                for (int mutation = 0; mutation < 20; mutation++) {
                    byte[] broken = mutate(random, bytes);
                    try {
                        Bufs.read(broken, unpacker::unpack);
                    } catch (PackStreamException expected) {
                        // fine
                    } catch (Throwable t) {
                        throw new AssertionError("seed " + seed + " " + format + ": " + hex(broken), t);
                    }
                }
            }
        }
    }

    private static byte[] mutate(java.util.Random random, byte[] bytes) {
        byte[] copy = bytes.clone();
        if (copy.length == 0) {
            return copy;
        }
        switch (random.nextInt(4)) {
            case 0 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> copy = Arrays.copyOf(copy, random.nextInt(copy.length));
            default -> {
                int at = random.nextInt(copy.length);
                copy[at] = (byte) new int[] {0xD2, 0xD6, 0xDA, 0xCE, 0xDD, 0xB4, 0xE0, 0xFF, 0x7F}[random.nextInt(9)];
            }
        }
        return copy;
    }
}
