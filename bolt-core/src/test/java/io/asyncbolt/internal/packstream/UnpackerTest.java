package io.asyncbolt.internal.packstream;

import static io.asyncbolt.internal.packstream.Bufs.readAll;
import static io.asyncbolt.internal.packstream.Bufs.unpack;
import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltVersion;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnpackerTest {

    private final Unpacker v4 = new Unpacker(ValueFormat.V4);
    private final Unpacker v4utc = new Unpacker(ValueFormat.V4_UTC);
    private final Unpacker v5 = new Unpacker(ValueFormat.V5);
    private final Unpacker v6 = new Unpacker(ValueFormat.V6);
    private final Unpacker v61 = new Unpacker(ValueFormat.V6_1);

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource({
            "0, 00",
            "127, 7F",
            "-1, FF",
            "-16, F0",
            "-17, C8 EF",
            "-128, C8 80",
            "128, C9 00 80",
            "-129, C9 FF 7F",
            "32768, CA 00 00 80 00",
            "-32769, CA FF FF 7F FF",
            "2147483648, CB 00 00 00 00 80 00 00 00",
            "-2147483649, CB FF FF FF FF 7F FF FF FF",
            "9223372036854775807, CB 7F FF FF FF FF FF FF FF",
            "-9223372036854775808, CB 80 00 00 00 00 00 00 00",
            // non-minimal forms
            "1, C8 01",
            "1, C9 00 01",
            "1, CA 00 00 00 01",
            "1, CB 00 00 00 00 00 00 00 01",
            "-1, CB FF FF FF FF FF FF FF FF",
    })
    void integers(long expected, String hex) {
        assertThat(unpack(v5, hex)).isEqualTo(expected);
        assertThat(readAll(hex(hex), v5::unpackLong)).isEqualTo(expected);
    }

    @Test
    void workedEncodingsFromTheDocs() {
        assertThat(unpack(v5, "80")).isEqualTo("");
        assertThat(unpack(v5, "81 41")).isEqualTo("A");
        assertThat(unpack(v5, "93 01 02 03")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(unpack(v5, "A1 83 6F 6E 65 84 65 69 6E 73")).isEqualTo(Map.of("one", "eins"));
        assertThat(unpack(v5, "C1 3F F3 AE 14 7A E1 47 AE")).isEqualTo(1.23);
        assertThat((byte[]) unpack(v5, "CC 03 01 02 03")).containsExactly(1, 2, 3);
        assertThat((byte[]) unpack(v5, "CC 00")).isEmpty();
        assertThat(unpack(v5, "C0")).isNull();
        assertThat(unpack(v5, "C3")).isEqualTo(true);
        assertThat(unpack(v5, "C2")).isEqualTo(false);
        assertThat(unpack(v5, "82 C3 A9")).isEqualTo("é");
        assertThat(unpack(v5, "84 F0 9F 98 80")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void nonMinimalSizesAreAccepted() {
        assertThat(unpack(v5, "D0 01 41")).isEqualTo("A");
        assertThat(unpack(v5, "D1 00 01 41")).isEqualTo("A");
        assertThat(unpack(v5, "D2 00 00 00 01 41")).isEqualTo("A");
        assertThat(unpack(v5, "D4 00")).isEqualTo(List.of());
        assertThat(unpack(v5, "D5 00 01 01")).isEqualTo(List.of(1L));
        assertThat(unpack(v5, "D6 00 00 00 01 01")).isEqualTo(List.of(1L));
        assertThat(unpack(v5, "D8 01 81 61 01")).isEqualTo(Map.of("a", 1L));
        assertThat(unpack(v5, "D9 00 00")).isEqualTo(Map.of());
        assertThat(unpack(v5, "DA 00 00 00 01 D0 01 61 01")).isEqualTo(Map.of("a", 1L));
        assertThat((byte[]) unpack(v5, "CD 00 01 07")).containsExactly(7);
        assertThat((byte[]) unpack(v5, "CE 00 00 00 01 07")).containsExactly(7);
        // legacy struct headers: STRUCT_8 Date{0}, STRUCT_16 Date{1}
        assertThat(unpack(v5, "DC 01 44 00")).isEqualTo(LocalDate.EPOCH);
        assertThat(unpack(v5, "DD 00 01 44 01")).isEqualTo(LocalDate.EPOCH.plusDays(1));
        assertThat(unpack(v5, "DC 00 01")).isEqualTo(new Structure((byte) 1, List.of()));
    }

    @Test
    void typedReaders() {
        assertThat(readAll(hex("D0 01 41"), v5::unpackString)).isEqualTo("A");
        assertThat(readAll(hex("85 68 65 6C 6C 6F"), v5::unpackString)).isEqualTo("hello");
        assertThat(readAll(hex("92 01 81 41"), v5::unpackList)).isEqualTo(List.of(1L, "A"));
        assertThat(readAll(hex("A1 81 61 90"), v5::unpackMap)).isEqualTo(Map.of("a", List.of()));
        assertThat(Bufs.read(hex("B1 70 A0"), v5::unpackStructHeader)).isEqualTo(1);
        assertThat(Bufs.read(hex("DC 02 70 01 02"), v5::unpackStructHeader)).isEqualTo(2);
        assertThat(Bufs.read(hex("DD 00 03 70 01 02 03"), v5::unpackStructHeader)).isEqualTo(3);
        assertThat(Bufs.read(hex("B0 0F"), v5::unpackStructHeader)).isEqualTo(0);
        assertThatThrownBy(() -> Bufs.read(hex("B1 70"), v5::unpackStructHeader))
                .isInstanceOf(PackStreamException.class).hasMessageContaining("declared struct size 1");
        assertThat(Bufs.<String>readAll(hex("B1 70 A0"), in -> {
            int fields = v5.unpackStructHeader(in);
            byte tag = v5.unpackStructTag(in);
            Map<String, Object> meta = v5.unpackMap(in);
            return fields + ":" + tag + ":" + meta;
        })).isEqualTo("1:112:{}");
        assertThatThrownBy(() -> readAll(hex("81 41"), v5::unpackLong)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("expected an Integer but found String (marker 0x81) at offset 0");
        assertThatThrownBy(() -> readAll(hex("01"), v5::unpackString)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("expected a String");
        assertThatThrownBy(() -> readAll(hex("A0"), v5::unpackList)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("expected a List");
        assertThatThrownBy(() -> readAll(hex("90"), v5::unpackMap)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("expected a Map");
        assertThatThrownBy(() -> readAll(hex("A0"), v5::unpackStructHeader)).isInstanceOf(PackStreamException.class)
                .hasMessageContaining("expected a Struct");
    }

    @Test
    void mapsKeepInsertionOrderAndTheLastDuplicateWins() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) unpack(v5, "A3 81 62 01 81 61 02 81 62 03");
        assertThat(map).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<>(map.keySet())).containsExactly("b", "a");
        assertThat(map).containsEntry("b", 3L).containsEntry("a", 2L);
        assertThat(unpack(v5, "92 01 02")).isInstanceOf(ArrayList.class);
    }

    @Test
    void dateTimeExampleFromTheDocs() {
        OffsetDateTime expected = OffsetDateTime.of(1970, 1, 1, 2, 15, 0, 42, ZoneOffset.ofHours(1));
        assertThat(unpack(v5, "B3 49 C9 11 94 2A C9 0E 10")).isEqualTo(expected);
        assertThat(unpack(v4utc, "B3 49 C9 11 94 2A C9 0E 10")).isEqualTo(expected);
        assertThat(unpack(v4, "B3 46 C9 1F A4 2A C9 0E 10")).isEqualTo(expected);
    }

    @Test
    void zonedDateTimes() {
        ZonedDateTime expected = ZonedDateTime.of(1970, 1, 1, 2, 15, 0, 42, ZoneId.of("Europe/Berlin"));
        assertThat(unpack(v5, "B3 69 C9 11 94 2A 8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E")).isEqualTo(expected);
        assertThat(unpack(v4, "B3 66 C9 1F A4 2A 8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E")).isEqualTo(expected);
    }

    @Test
    void otherTemporals() {
        assertThat(unpack(v5, "B1 44 01")).isEqualTo(LocalDate.of(1970, 1, 2));
        assertThat(unpack(v5, "B1 44 FF")).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(unpack(v5, "B1 74 CA 3B 9A CA 00")).isEqualTo(LocalTime.of(0, 0, 1));
        assertThat(unpack(v5, "B2 54 01 C9 F1 F0")).isEqualTo(OffsetTime.of(0, 0, 0, 1, ZoneOffset.ofHours(-1)));
        assertThat(unpack(v5, "B2 64 3C 05")).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 1, 0, 5));
        assertThat(unpack(v5, "B4 45 01 02 03 04")).isEqualTo(new IsoDuration(1, 2, 3, 4));
        assertThat(unpack(v5, "B4 45 FF FF FF 00")).isEqualTo(new IsoDuration(-1, -1, -1, 0));
    }

    /**
     * The Python driver sends the sub-second part of a negative duration as negative nanoseconds
     * (-0.5 s = 0 s + -500000000 ns, -1.5 s = -1 s + -500000000 ns); Go sends whatever the user set.
     * Both are carried into the seconds, as Neo4j does, instead of failing the message.
     */
    @Test
    void durationNanosecondsOutsideOneSecondAreCarriedIntoTheSeconds() {
        assertThat(unpack(v5, "B4 45 00 00 00 CA E2 32 9B 00")).isEqualTo(new IsoDuration(0, 0, -1, 500_000_000));
        assertThat(unpack(v5, "B4 45 00 00 FF CA E2 32 9B 00")).isEqualTo(new IsoDuration(0, 0, -2, 500_000_000));
        assertThat(unpack(v5, "B4 45 01 02 00 CA 59 68 2F 00")).isEqualTo(new IsoDuration(1, 2, 1, 500_000_000));
        assertThat(unpack(v4, "B4 45 00 00 00 FF")).isEqualTo(new IsoDuration(0, 0, -1, 999_999_999));
    }

    @Test
    void points() {
        assertThat(unpack(v5, "B3 58 C9 1C 23 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00"))
                .isEqualTo(new Point2D(7203, 1.0, 2.0));
        assertThat(unpack(v5,
                "B4 59 C9 13 73 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00 C1 00 00 00 00 00 00 00 00"))
                .isEqualTo(new Point3D(4979, 1.0, 2.0, 0.0));
    }

    @Test
    void graphEntities() {
        assertThat(unpack(v4, "B3 4E 01 91 81 4C A0")).isEqualTo(new Node(1, "1", List.of("L"), Map.of()));
        assertThat(unpack(v5, "B4 4E 01 91 81 4C A0 82 65 31")).isEqualTo(new Node(1, "e1", List.of("L"), Map.of()));
        assertThat(unpack(v4, "B5 52 07 01 02 81 54 A1 81 61 01"))
                .isEqualTo(new Relationship(7, "7", 1, "1", 2, "2", "T", Map.of("a", 1L)));
        assertThat(unpack(v5, "B8 52 07 01 02 81 54 A1 81 61 01 82 72 37 82 65 31 82 65 32"))
                .isEqualTo(new Relationship(7, "r7", 1, "e1", 2, "e2", "T", Map.of("a", 1L)));
        assertThat(unpack(v4, "B3 72 07 81 54 A0")).isEqualTo(new UnboundRelationship(7, "7", "T", Map.of()));
        assertThat(unpack(v5, "B4 72 07 81 54 A0 82 72 37")).isEqualTo(new UnboundRelationship(7, "r7", "T", Map.of()));
    }

    @Test
    void pathIsRebuiltWithDirections() {
        Path path = (Path) unpack(v4, "B3 50"
                + " 93 B3 4E 01 90 A0 B3 4E 02 90 A0 B3 4E 03 90 A0"
                + " 92 B3 72 0A 81 54 A0 B3 72 0B 81 54 A0"
                + " 96 01 01 FE 02 02 01");
        assertThat(path.nodes()).extracting(Node::id).containsExactly(1L, 2L, 3L, 2L);
        assertThat(path.relationships()).extracting(Relationship::id).containsExactly(10L, 11L, 11L);
        assertThat(path.relationships().get(0)).isEqualTo(Relationship.of(10, 1, 2, "T", Map.of()));
        // traversed against its direction: c -> b
        assertThat(path.relationships().get(1)).isEqualTo(Relationship.of(11, 3, 2, "T", Map.of()));
        // then forwards b -> c... the relationship is 3 -> 2 traversed from 3 to 2
        assertThat(path.relationships().get(2)).isEqualTo(Relationship.of(11, 3, 2, "T", Map.of()));
        assertThat(unpack(v4, "B3 50 91 B3 4E 01 90 A0 90 90")).isEqualTo(Path.of(Node.of(1, List.of(), Map.of())));
    }

    @Test
    void vectors() {
        assertThat(unpack(v6, "B2 56 CC 01 C6 CC 08 3F 80 00 00 40 00 00 00"))
                .isEqualTo(Vector.of(new float[] {1.0f, 2.0f}));
        assertThat(unpack(v6, "B2 56 CC 01 C8 CC 02 01 FF")).isEqualTo(Vector.of(new byte[] {1, -1}));
        assertThat(unpack(v6, "B2 56 CC 01 C9 CC 04 00 01 FF FF")).isEqualTo(Vector.of(new short[] {1, -1}));
        assertThat(unpack(v6, "B2 56 CC 01 CA CC 04 00 00 00 01")).isEqualTo(Vector.of(new int[] {1}));
        assertThat(unpack(v6, "B2 56 CC 01 CB CC 08 00 00 00 00 00 00 00 01")).isEqualTo(Vector.of(new long[] {1}));
        assertThat(unpack(v6, "B2 56 CC 01 C1 CC 08 3F F0 00 00 00 00 00 00")).isEqualTo(Vector.of(new double[] {1}));
        // before 6.0 the tag is just an unknown struct
        assertThat(unpack(v5, "B2 56 CC 01 C6 CC 00")).isInstanceOf(Structure.class);
    }

    @Test
    void unsupportedType() {
        assertThat(unpack(v6, "B4 3F 81 58 06 00 A1 87 6D 65 73 73 61 67 65 81 6D"))
                .isEqualTo(new UnsupportedType("X", new BoltVersion(6, 0), "m"));
        assertThat(unpack(v6, "B4 3F 81 58 06 00 A0")).isEqualTo(new UnsupportedType("X", new BoltVersion(6, 0), null));
        assertThat(unpack(v5, "B4 3F 81 58 06 00 A0")).isInstanceOf(Structure.class);
    }

    @Test
    void uuid() {
        assertThat(unpack(v61, "E0 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"))
                .isEqualTo(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"));
        // big-endian, all 128 bits, the sign bits included
        assertThat(unpack(v61, "E0 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF"))
                .isEqualTo(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assertThat(unpack(v61, "E0 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"))
                .isEqualTo(UUID.fromString("80000000-0000-0000-0000-000000000001"));
        assertThat(unpack(v61, "A1 82 69 64 E0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"))
                .isEqualTo(Map.of("id", new UUID(0, 0)));
    }

    @Test
    void unknownStructsAreKept() {
        assertThat(unpack(v5, "B2 01 01 81 41")).isEqualTo(new Structure((byte) 1, List.of(1L, "A")));
        Structure s = (Structure) unpack(v5, "B1 7A C0");
        assertThat(s.tag()).isEqualTo((byte) 0x7A);
        assertThat(s.fields()).containsExactly((Object) null);
    }

    @Test
    void readsOneValueAndLeavesTheRest() {
        assertThat(Bufs.<String>read(hex("01 02"), in -> {
            Object first = v5.unpack(in);
            return first + "/" + in.readerIndex();
        })).isEqualTo("1/1");
    }

    @Test
    void offsetsAreAbsoluteInTheBuffer() {
        assertThatThrownBy(() -> Bufs.read(hex("93 01 02 C7"), v5::unpack))
                .isInstanceOf(PackStreamException.class)
                .hasMessageContaining("reserved marker 0xC7 at offset 3");
    }

    @Test
    void mapKeysReadAgainAndAgainComeOutRightAlsoWhenTheyShareAHashSlot() {
        Packer packer = new Packer(ValueFormat.V5);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) { // many more keys than the key cache has slots
            map.put("k" + i, (long) i);
        }
        map.put("é", "accent");
        map.put("a", 1L);
        map.put("b", 2L);
        map.put("fifteen-bytes!!", 15L);
        map.put("sixteen-bytes!!!", 16L);
        byte[] bytes = Bufs.write(out -> packer.pack(out, map));
        for (int round = 0; round < 3; round++) {
            assertThat(Bufs.readAll(bytes, v5::unpack)).as("round " + round).isEqualTo(map);
        }
        byte[] small = Bufs.write(out -> packer.pack(out, Map.of("t_first", 1L)));
        Map<?, ?> first = (Map<?, ?>) Bufs.readAll(small, v5::unpack);
        Map<?, ?> second = (Map<?, ?>) Bufs.readAll(small, v5::unpack);
        assertThat(second).isEqualTo(first);
        assertThat(second.keySet().iterator().next()).as("a key read again is not a new String")
                .isSameAs(first.keySet().iterator().next());
    }

    @ParameterizedTest(name = "{0} entries")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 3, 16, 17, 40})
    void aReadOnlyMapHoldsWhatAMapWouldWhateverItsSize(int size) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put("key" + i, i % 3 == 0 ? null : (Object) ("v" + i));
        }
        byte[] bytes = Bufs.write(out -> new Packer(ValueFormat.V5).pack(out, map));

        Map<String, Object> read = Bufs.readAll(bytes, v5::unpackReadOnlyMap);

        assertThat(read).isEqualTo(map).hasSameHashCodeAs(map);
        assertThat(new ArrayList<>(read.keySet())).isEqualTo(new ArrayList<>(map.keySet()));
        assertThat(read.containsKey("key0")).isEqualTo(size > 0);
        assertThat(read.get("absent")).isNull();
        assertThatThrownBy(() -> read.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> read.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRepeatedKeyInAReadOnlyMapKeepsItsPlaceAndTakesTheLastValue() {
        // {a: 1, b: 2, a: 3}
        Map<String, Object> read = Bufs.readAll(io.asyncbolt.testing.Hex.hex("A3 81 61 01 81 62 02 81 61 03"),
                v5::unpackReadOnlyMap);
        assertThat(read).containsExactly(Map.entry("a", 3L), Map.entry("b", 2L));
    }
}
