package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.Bufs.packHex;
import static io.asyncbolt.internal.packstream.Bufs.write;
import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Point3D;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.Structure;
import io.asyncbolt.value.UnboundRelationship;
import io.asyncbolt.value.UnsupportedType;
import io.asyncbolt.value.Vector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackerTest {

    private final Packer v4 = new Packer(ValueFormat.V4);
    private final Packer v4utc = new Packer(ValueFormat.V4_UTC);
    private final Packer v5 = new Packer(ValueFormat.V5);
    private final Packer v6 = new Packer(ValueFormat.V6);
    private final Packer v61 = new Packer(ValueFormat.V6_1);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0, 00",
            "1, 01",
            "127, 7F",
            "-1, FF",
            "-16, F0",
            "-17, C8 EF",
            "-128, C8 80",
            "128, C9 00 80",
            "-129, C9 FF 7F",
            "255, C9 00 FF",
            "32767, C9 7F FF",
            "-32768, C9 80 00",
            "32768, CA 00 00 80 00",
            "-32769, CA FF FF 7F FF",
            "2147483647, CA 7F FF FF FF",
            "-2147483648, CA 80 00 00 00",
            "2147483648, CB 00 00 00 00 80 00 00 00",
            "-2147483649, CB FF FF FF FF 7F FF FF FF",
            "9223372036854775807, CB 7F FF FF FF FF FF FF FF",
            "-9223372036854775808, CB 80 00 00 00 00 00 00 00",
    })
    void integersUseTheSmallestEncoding(long value, String expected) {
        assertThat(hex(write(b -> v5.packLong(b, value)))).isEqualTo(expected);
        assertThat(packHex(v5, value)).isEqualTo(expected);
    }

    @Test
    void smallerIntegerTypesPackAsInt() {
        assertThat(packHex(v5, 1)).isEqualTo("01");
        assertThat(packHex(v5, -17)).isEqualTo("C8 EF");
        assertThat(packHex(v5, (short) 128)).isEqualTo("C9 00 80");
        assertThat(packHex(v5, (byte) -128)).isEqualTo("C8 80");
        assertThat(packHex(v5, Integer.MIN_VALUE)).isEqualTo("CA 80 00 00 00");
    }

    @Test
    void scalars() {
        assertThat(packHex(v5, null)).isEqualTo("C0");
        assertThat(packHex(v5, true)).isEqualTo("C3");
        assertThat(packHex(v5, false)).isEqualTo("C2");
        assertThat(packHex(v5, 1.23)).isEqualTo("C1 3F F3 AE 14 7A E1 47 AE");
        assertThat(packHex(v5, 1.5f)).isEqualTo("C1 3F F8 00 00 00 00 00 00");
        assertThat(packHex(v5, -0.0)).isEqualTo("C1 80 00 00 00 00 00 00 00");
        assertThat(hex(write(b -> v5.packDouble(b, 1.23)))).isEqualTo("C1 3F F3 AE 14 7A E1 47 AE");
        assertThat(hex(write(v5::packNull))).isEqualTo("C0");
        assertThat(hex(write(b -> v5.packBoolean(b, true)))).isEqualTo("C3");
    }

    @Test
    void strings() {
        assertThat(packHex(v5, "")).isEqualTo("80");
        assertThat(packHex(v5, "A")).isEqualTo("81 41");
        assertThat(packHex(v5, 'A')).isEqualTo("81 41");
        assertThat(packHex(v5, "é")).isEqualTo("82 C3 A9");
        assertThat(packHex(v5, "€")).isEqualTo("83 E2 82 AC");
        assertThat(packHex(v5, "\uD83D\uDE00")).isEqualTo("84 F0 9F 98 80");
        // 9 chars but 18 UTF-8 bytes: the size is the byte length
        assertThat(packHex(v5, "ééééééééé")).startsWith("D0 12 C3 A9");
        assertThat(hex(write(b -> v5.packString(b, null)))).isEqualTo("C0");
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "15, 8F",
            "16, D0 10",
            "255, D0 FF",
            "256, D1 01 00",
            "65535, D1 FF FF",
            "65536, D2 00 01 00 00",
    })
    void stringSizeBoundaries(int length, String header) {
        String ascii = "a".repeat(length);
        byte[] bytes = write(b -> v5.packString(b, ascii));
        assertThat(hex(java.util.Arrays.copyOf(bytes, header.split(" ").length))).isEqualTo(header);
        assertThat(bytes).hasSize(header.split(" ").length + length);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 'a');
        // the same byte length made of 2-byte characters
        if (length % 2 == 0) {
            byte[] wide = write(b -> v5.packString(b, "é".repeat(length / 2)));
            assertThat(hex(java.util.Arrays.copyOf(wide, header.split(" ").length))).isEqualTo(header);
            assertThat(wide).hasSize(header.split(" ").length + length);
        }
    }

    @Test
    void bytes() {
        assertThat(packHex(v5, new byte[0])).isEqualTo("CC 00");
        assertThat(packHex(v5, new byte[] {1, 2, 3})).isEqualTo("CC 03 01 02 03");
        assertThat(hex(write(b -> v5.packBytes(b, new byte[255])))).startsWith("CC FF 00");
        assertThat(hex(write(b -> v5.packBytes(b, new byte[256])))).startsWith("CD 01 00 00");
        assertThat(hex(write(b -> v5.packBytes(b, new byte[65535])))).startsWith("CD FF FF 00");
        byte[] big = write(b -> v5.packBytes(b, new byte[65536]));
        assertThat(hex(java.util.Arrays.copyOf(big, 5))).isEqualTo("CE 00 01 00 00");
        assertThat(big).hasSize(65541);
    }

    @Test
    void lists() {
        assertThat(packHex(v5, List.of())).isEqualTo("90");
        assertThat(packHex(v5, List.of(1, 2, 3))).isEqualTo("93 01 02 03");
        assertThat(hex(write(b -> v5.packList(b, List.of(1L, 2L, 3L))))).isEqualTo("93 01 02 03");
        assertThat(packHex(v5, new int[] {1, 2, 3})).isEqualTo("93 01 02 03");
        assertThat(packHex(v5, new long[] {1, 2, 3})).isEqualTo("93 01 02 03");
        assertThat(packHex(v5, new short[] {1})).isEqualTo("91 01");
        assertThat(packHex(v5, new boolean[] {true, false})).isEqualTo("92 C3 C2");
        assertThat(packHex(v5, new double[] {1.5})).isEqualTo("91 C1 3F F8 00 00 00 00 00 00");
        assertThat(packHex(v5, new float[] {1.5f})).isEqualTo("91 C1 3F F8 00 00 00 00 00 00");
        assertThat(packHex(v5, new char[] {'A'})).isEqualTo("91 81 41");
        assertThat(packHex(v5, new Object[] {"A", null})).isEqualTo("92 81 41 C0");
        assertThat(packHex(v5, new LinkedHashSet<>(List.of(1, 2)))).isEqualTo("92 01 02");
        assertThat(packHex(v5, new ArrayDeque<>(List.of(1, 2)))).isEqualTo("92 01 02");
        Iterable<Integer> iterable = () -> List.of(7, 8).iterator();
        assertThat(packHex(v5, iterable)).isEqualTo("92 07 08");
        assertThat(packHex(v5, Collections.nCopies(15, 0))).startsWith("9F 00");
        assertThat(packHex(v5, Collections.nCopies(16, 0))).startsWith("D4 10 00");
        assertThat(packHex(v5, Collections.nCopies(255, 0))).startsWith("D4 FF 00");
        assertThat(packHex(v5, Collections.nCopies(256, 0))).startsWith("D5 01 00 00");
        assertThat(packHex(v5, Collections.nCopies(65535, 0))).startsWith("D5 FF FF 00");
        assertThat(packHex(v5, Collections.nCopies(65536, 0))).startsWith("D6 00 01 00 00 00");
        assertThat(hex(write(b -> v5.packListHeader(b, 3)))).isEqualTo("93");
    }

    @Test
    void maps() {
        assertThat(packHex(v5, Map.of())).isEqualTo("A0");
        assertThat(packHex(v5, Map.of("one", "eins"))).isEqualTo("A1 83 6F 6E 65 84 65 69 6E 73");
        assertThat(hex(write(b -> v5.packMap(b, Map.of("one", "eins")))))
                .isEqualTo("A1 83 6F 6E 65 84 65 69 6E 73");
        for (int[] c : new int[][] {{15, 0xAF}, {16, 0xD8}, {255, 0xD8}, {256, 0xD9}, {65535, 0xD9}, {65536, 0xDA}}) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < c[0]; i++) {
                m.put("k" + i, i);
            }
            byte[] bytes = write(b -> v5.pack(b, m));
            assertThat(bytes[0] & 0xFF).as("map of %d", c[0]).isEqualTo(c[1]);
        }
        assertThat(packHex(v5, Collections.singletonMap("a", null))).isEqualTo("A1 81 61 C0");
        assertThat(hex(write(b -> v5.packMapHeader(b, 16)))).isEqualTo("D8 10");
        assertThat(hex(write(b -> v5.packMapHeader(b, 65536)))).isEqualTo("DA 00 01 00 00");
    }

    @Test
    void structHeader() {
        assertThat(hex(write(b -> v5.packStructHeader(b, 1, (byte) 0x70)))).isEqualTo("B1 70");
        assertThat(hex(write(b -> v5.packStructHeader(b, 0, (byte) 0x0F)))).isEqualTo("B0 0F");
        assertThat(hex(write(b -> v5.packStructHeader(b, 15, (byte) 0x7F)))).isEqualTo("BF 7F");
        assertThatThrownBy(() -> write(b -> v5.packStructHeader(b, 16, (byte) 0x01)))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("16");
        assertThat(packHex(v5, new Structure((byte) 0x01, List.of(1L, "A")))).isEqualTo("B2 01 01 81 41");
        List<Object> sixteen = new ArrayList<>(Collections.nCopies(16, null));
        assertThatThrownBy(() -> packHex(v5, new Structure((byte) 0x01, sixteen)))
                .isInstanceOf(PackStreamException.class);
    }

    @Test
    void dateTimeExampleFromTheDocs() {
        OffsetDateTime odt = OffsetDateTime.of(1970, 1, 1, 2, 15, 0, 42, ZoneOffset.ofHours(1));
        assertThat(packHex(v5, odt)).isEqualTo("B3 49 C9 11 94 2A C9 0E 10");
        assertThat(packHex(v4utc, odt)).isEqualTo("B3 49 C9 11 94 2A C9 0E 10");
        // legacy: 8100 = 0x1FA4 local seconds
        assertThat(packHex(v4, odt)).isEqualTo("B3 46 C9 1F A4 2A C9 0E 10");
        // a ZonedDateTime with a fixed offset is the same struct
        assertThat(packHex(v5, odt.toZonedDateTime())).isEqualTo("B3 49 C9 11 94 2A C9 0E 10");
        assertThat(packHex(v4, odt.toZonedDateTime())).isEqualTo("B3 46 C9 1F A4 2A C9 0E 10");
    }

    @Test
    void zonedDateTime() {
        ZonedDateTime zdt = ZonedDateTime.of(1970, 1, 1, 2, 15, 0, 42, ZoneId.of("Europe/Berlin"));
        // instant 01:15Z = 4500 s; "Europe/Berlin" = 0D bytes
        assertThat(packHex(v5, zdt)).isEqualTo("B3 69 C9 11 94 2A 8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E");
        assertThat(packHex(v4, zdt)).isEqualTo("B3 66 C9 1F A4 2A 8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E");
    }

    @Test
    void otherTemporals() {
        assertThat(packHex(v5, LocalDate.of(1970, 1, 2))).isEqualTo("B1 44 01");
        assertThat(packHex(v5, LocalDate.of(1969, 12, 31))).isEqualTo("B1 44 FF");
        assertThat(packHex(v5, LocalTime.of(0, 0, 1))).isEqualTo("B1 74 CA 3B 9A CA 00");
        assertThat(packHex(v5, OffsetTime.of(0, 0, 0, 1, ZoneOffset.ofHours(-1))))
                .isEqualTo("B2 54 01 C9 F1 F0");
        assertThat(packHex(v5, LocalDateTime.of(1970, 1, 1, 0, 1, 0, 5))).isEqualTo("B2 64 3C 05");
        assertThat(packHex(v5, Duration.ofSeconds(1, 2))).isEqualTo("B4 45 00 00 01 02");
        assertThat(packHex(v5, Duration.ofSeconds(-1))).isEqualTo("B4 45 00 00 FF 00");
        assertThat(packHex(v5, Period.of(1, 2, 3))).isEqualTo("B4 45 0E 03 00 00");
        assertThat(packHex(v5, new IsoDuration(1, 2, 3, 4))).isEqualTo("B4 45 01 02 03 04");
    }

    @Test
    void points() {
        assertThat(packHex(v5, new Point2D(Point.CARTESIAN, 1.0, 2.0)))
                .isEqualTo("B3 58 C9 1C 23 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00");
        assertThat(packHex(v5, new Point3D(Point.WGS_84_3D, 1.0, 2.0, 0.0))).isEqualTo(
                "B4 59 C9 13 73 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00 C1 00 00 00 00 00 00 00 00");
    }

    @Test
    void graphEntitiesFollowTheFormat() {
        Node node = new Node(1, "e1", List.of("L"), Map.of());
        assertThat(packHex(v4, node)).isEqualTo("B3 4E 01 91 81 4C A0");
        assertThat(packHex(v4utc, node)).isEqualTo("B3 4E 01 91 81 4C A0");
        assertThat(packHex(v5, node)).isEqualTo("B4 4E 01 91 81 4C A0 82 65 31");

        Relationship rel = new Relationship(7, "r7", 1, "e1", 2, "e2", "T", Map.of("a", 1L));
        assertThat(packHex(v4, rel)).isEqualTo("B5 52 07 01 02 81 54 A1 81 61 01");
        assertThat(packHex(v5, rel)).isEqualTo("B8 52 07 01 02 81 54 A1 81 61 01 82 72 37 82 65 31 82 65 32");

        UnboundRelationship u = new UnboundRelationship(7, "r7", "T", Map.of());
        assertThat(packHex(v4, u)).isEqualTo("B3 72 07 81 54 A0");
        assertThat(packHex(v5, u)).isEqualTo("B4 72 07 81 54 A0 82 72 37");
    }

    @Test
    void pathWireForm() {
        Node a = Node.of(1, List.of(), Map.of());
        Node b = Node.of(2, List.of(), Map.of());
        Node c = Node.of(3, List.of(), Map.of());
        // a -[10]-> b <-[11]- c -[10 again? no: 12]-> a ... keep it small: a->b, c->b
        Path path = Path.of(a).then(Relationship.of(10, 1, 2, "T", Map.of()), b)
                .then(Relationship.of(11, 3, 2, "T", Map.of()), c);
        assertThat(packHex(v4, path)).isEqualTo(
                "B3 50"
                        + " 93 B3 4E 01 90 A0 B3 4E 02 90 A0 B3 4E 03 90 A0"
                        + " 92 B3 72 0A 81 54 A0 B3 72 0B 81 54 A0"
                        + " 94 01 01 FE 02");
    }

    @Test
    void vectorFloat32ExampleFromTheDocs() {
        Vector v = Vector.of(new float[] {1.0f, 2.0f});
        assertThat(packHex(v6, v)).isEqualTo("B2 56 CC 01 C6 CC 08 3F 80 00 00 40 00 00 00");
        assertThat(packHex(v61, v)).isEqualTo("B2 56 CC 01 C6 CC 08 3F 80 00 00 40 00 00 00");
        assertThatThrownBy(() -> packHex(v5, v)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("Vector needs Bolt 6.0+");
    }

    @Test
    void vectorsOfEveryType() {
        assertThat(packHex(v6, Vector.of(new byte[] {1, -1}))).isEqualTo("B2 56 CC 01 C8 CC 02 01 FF");
        assertThat(packHex(v6, Vector.of(new short[] {1, -1}))).isEqualTo("B2 56 CC 01 C9 CC 04 00 01 FF FF");
        assertThat(packHex(v6, Vector.of(new int[] {1}))).isEqualTo("B2 56 CC 01 CA CC 04 00 00 00 01");
        assertThat(packHex(v6, Vector.of(new long[] {1}))).isEqualTo("B2 56 CC 01 CB CC 08 00 00 00 00 00 00 00 01");
        assertThat(packHex(v6, Vector.of(new double[] {1.0}))).isEqualTo("B2 56 CC 01 C1 CC 08 3F F0 00 00 00 00 00 00");
        assertThat(packHex(v6, Vector.of(new double[0]))).isEqualTo("B2 56 CC 01 C1 CC 00");
        byte[] big = write(b -> v6.pack(b, Vector.of(new long[40])));
        assertThat(hex(java.util.Arrays.copyOf(big, 8))).isEqualTo("B2 56 CC 01 CB CD 01 40");
    }

    @Test
    void unsupportedType() {
        UnsupportedType u = new UnsupportedType("X", new BoltVersion(6, 0), "m");
        assertThat(packHex(v6, u)).isEqualTo("B4 3F 81 58 06 00 A1 87 6D 65 73 73 61 67 65 81 6D");
        assertThat(packHex(v6, new UnsupportedType("X", new BoltVersion(6, 0), null))).isEqualTo("B4 3F 81 58 06 00 A0");
        assertThatThrownBy(() -> packHex(v5, u)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("6.0");
    }

    private static final UUID UUID_1 = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private static final String UUID_1_HEX = "E0 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF";
    /** {originalType: "UUID", reason: "UNKNOWN_TYPE"} */
    private static final String UUID_PLACEHOLDER_HEX = "A2 8C 6F 72 69 67 69 6E 61 6C 54 79 70 65 84 55 55 49 44"
            + " 86 72 65 61 73 6F 6E 8C 55 4E 4B 4E 4F 57 4E 5F 54 59 50 45";

    @Test
    void uuidOnlyFromBolt61() {
        assertThat(packHex(v61, UUID_1)).isEqualTo(UUID_1_HEX);
        assertThat(packHex(v61, List.of(UUID_1))).isEqualTo("91 " + UUID_1_HEX);
        for (Packer older : List.of(v4, v4utc, v5, v6)) {
            // a client must never send a UUID to an older server: refused, and nothing is left in the buffer
            ByteBuf out = Unpooled.buffer();
            out.writeByte(0x91);
            assertThatThrownBy(() -> older.pack(out, UUID_1)).isInstanceOf(PackStreamException.class)
                    .hasMessage("UUID values need Bolt 6.1 or later");
            assertThat(out.readableBytes()).isEqualTo(1);
            out.release();
        }
    }

    @Test
    void serverPackerSendsA60ClientAUuidAsUnsupportedType() {
        Packer server = new Packer(ValueFormat.V6, true);
        String hex = packHex(server, UUID_1);
        // B4 3F, name "UUID", minimum 6.1, extra {message: ...}
        assertThat(hex).startsWith("B4 3F 84 55 55 49 44 06 01 A1 87 6D 65 73 73 61 67 65");
        Object read = Bufs.unpack(new Unpacker(ValueFormat.V6), hex);
        assertThat(read).isInstanceOfSatisfying(UnsupportedType.class, u -> {
            assertThat(u.name()).isEqualTo("UUID");
            assertThat(u.minimumVersion()).isEqualTo(BoltVersion.V6_1);
            assertThat(u.message()).contains("Bolt 6.1");
        });
    }

    @Test
    void serverPackerSendsOlderClientsAUuidAsAPlaceholderMap() {
        for (ValueFormat format : List.of(ValueFormat.V4, ValueFormat.V4_UTC, ValueFormat.V5)) {
            Packer server = new Packer(format, true);
            assertThat(packHex(server, UUID_1)).isEqualTo(UUID_PLACEHOLDER_HEX);
            assertThat(Bufs.unpack(new Unpacker(format), packHex(server, Map.of("id", UUID_1, "n", 1L))))
                    .isEqualTo(Map.of("id", Map.of(Packer.PLACEHOLDER_TYPE_KEY, "UUID",
                            Packer.PLACEHOLDER_REASON_KEY, Packer.PLACEHOLDER_UNKNOWN_TYPE), "n", 1L));
        }
        // on 6.1 the server packer writes the UUID itself
        assertThat(packHex(new Packer(ValueFormat.V6_1, true), UUID_1)).isEqualTo(UUID_1_HEX);
    }

    @Test
    void serverPackerSendsOlderClientsVectorsAndUnsupportedTypesAsPlaceholderMaps() {
        Packer server = new Packer(ValueFormat.V5, true);
        assertThat(Bufs.unpack(new Unpacker(ValueFormat.V5), packHex(server, Vector.of(new float[] {1f}))))
                .isEqualTo(Map.of("originalType", "VECTOR", "reason", "UNKNOWN_TYPE"));
        assertThat(Bufs.unpack(new Unpacker(ValueFormat.V5),
                packHex(server, new UnsupportedType("QuantumFloat", new BoltVersion(42, 21), null))))
                .isEqualTo(Map.of("originalType", "QuantumFloat", "reason", "UNKNOWN_TYPE"));
        // from 6.0 both are values of their own
        assertThat(packHex(new Packer(ValueFormat.V6, true), Vector.of(new float[] {1f})))
                .isEqualTo(packHex(v6, Vector.of(new float[] {1f})));
    }

    @Test
    void unsupportedValuesNameTheirType() {
        assertThatThrownBy(() -> packHex(v5, new Object())).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> packHex(v5, java.time.Instant.EPOCH)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> packHex(v5, Map.of(1, "x"))).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> write(b -> v5.packListHeader(b, -1))).isInstanceOf(PackStreamException.class);
    }

    @Test
    void failedPackLeavesTheBufferAsItWas() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(0x42);
            List<Object> bad = List.of(1, 2, new Object());
            assertThatThrownBy(() -> v5.pack(buf, bad)).isInstanceOf(PackStreamException.class);
            assertThat(buf.writerIndex()).isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    @Test
    void cyclicValuesFailCleanly() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> packHex(v5, cyclic)).isInstanceOf(PackStreamException.class);
    }
}
