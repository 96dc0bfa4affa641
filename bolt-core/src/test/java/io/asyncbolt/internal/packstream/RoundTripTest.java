package io.asyncbolt.internal.packstream;

import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.Structure;
import io.asyncbolt.value.UnboundRelationship;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import io.asyncbolt.value.IsoDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Property tests: pack then unpack gives the value back, and packing it again gives the same bytes. */
class RoundTripTest {

    private static final List<ValueFormat> FORMATS =
            List.of(ValueFormat.V4, ValueFormat.V4_UTC, ValueFormat.V5, ValueFormat.V6, ValueFormat.V6_1);

    static Stream<Arguments> seeds() {
        List<Arguments> args = new ArrayList<>();
        for (ValueFormat format : FORMATS) {
            for (long seed = 1; seed <= 30; seed++) {
                args.add(Arguments.of(format, seed * 7919 + format.hashCode()));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void randomValuesRoundTrip(ValueFormat format, long seed) {
        Random random = new Random(seed);
        RandomValues gen = new RandomValues(random, format);
        Packer packer = new Packer(format);
        Unpacker unpacker = new Unpacker(format);
        for (int i = 0; i < 40; i++) {
            Object value = gen.value(random.nextInt(4));
            byte[] bytes = Bufs.write(buf -> packer.pack(buf, value));
            Object back = Bufs.readAll(bytes, unpacker::unpack);
            assertThat(canonical(back))
                    .as("format %s seed %d value #%d: %s", format, seed, i, value)
                    .isEqualTo(canonical(value));
            byte[] again = Bufs.write(buf -> packer.pack(buf, back));
            assertThat(hex(again))
                    .as("re-packing, format %s seed %d value #%d", format, seed, i)
                    .isEqualTo(hex(bytes));
        }
    }

    /** One Packer and one Unpacker shared by several threads. */
    @Test
    void sharedInstancesAreThreadSafe() throws Exception {
        Packer packer = new Packer(ValueFormat.V6_1);
        Unpacker unpacker = new Unpacker(ValueFormat.V6_1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (long t = 0; t < 8; t++) {
                long seed = 1000 + t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    RandomValues gen = new RandomValues(random, ValueFormat.V6_1);
                    for (int i = 0; i < 300; i++) {
                        Object value = gen.value(3);
                        byte[] bytes = Bufs.write(buf -> packer.pack(buf, value));
                        Object back = Bufs.readAll(bytes, unpacker::unpack);
                        assertThat(canonical(back)).as("seed %d value #%d", seed, i).isEqualTo(canonical(value));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The generator, over many seeds, produces every kind of value. */
    @Test
    void generatorCoversEveryType() {
        Set<String> seen = new HashSet<>();
        Random random = new Random(42);
        RandomValues gen = new RandomValues(random, ValueFormat.V6_1);
        for (int i = 0; i < 5000; i++) {
            collectTypes(gen.value(3), seen);
        }
        assertThat(seen).contains("null", "Boolean", "Long", "Double", "String", "byte[]", "ArrayList",
                "LinkedHashMap", "LocalDate", "LocalTime", "OffsetTime", "LocalDateTime", "OffsetDateTime",
                "ZonedDateTime", "IsoDuration", "Point2D", "Point3D", "UUID", "Vector", "UnsupportedType",
                "Node", "Relationship", "UnboundRelationship", "Path", "Structure");
    }

    private static void collectTypes(Object v, Set<String> seen) {
        seen.add(v == null ? "null" : v.getClass().getSimpleName());
        if (v instanceof List<?> l) {
            l.forEach(x -> collectTypes(x, seen));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectTypes(x, seen));
        }
    }

    @Test
    void javaTypesDecodeToTheirCanonicalForm() {
        Packer packer = new Packer(ValueFormat.V5);
        Unpacker unpacker = new Unpacker(ValueFormat.V5);
        Map<Object, Object> cases = new LinkedHashMap<>();
        cases.put(42, 42L);
        cases.put((short) -300, -300L);
        cases.put((byte) 7, 7L);
        cases.put(2.5f, 2.5);
        cases.put('x', "x");
        cases.put(Duration.ofSeconds(-5, 7), new IsoDuration(0, 0, -5, 7));
        cases.put(Period.of(1, 14, 3), new IsoDuration(26, 3, 0, 0));
        cases.put(ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)));
        cases.put(Set.of(1), List.of(1L));
        for (Map.Entry<Object, Object> c : cases.entrySet()) {
            byte[] bytes = Bufs.write(buf -> packer.pack(buf, c.getKey()));
            assertThat(Bufs.readAll(bytes, unpacker::unpack)).as("%s", c.getKey()).isEqualTo(c.getValue());
        }
    }

    /** Replaces byte arrays (identity equals) by comparable hex strings, recursively. */
    static Object canonical(Object v) {
        if (v instanceof byte[] b) {
            return new Bin(HexFormat.of().formatHex(b));
        } else if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(canonical(x)));
            return out;
        } else if (v instanceof Map<?, ?> m) {
            // keep order visible: a list of entries
            List<Object> out = new ArrayList<>();
            m.forEach((k, x) -> out.add(List.of(k, new Holder(canonical(x)))));
            return out;
        } else if (v instanceof Node n) {
            return List.of("Node", n.id(), n.elementId(), n.labels(), canonical(n.properties()));
        } else if (v instanceof Relationship r) {
            return List.of("Rel", r.id(), r.elementId(), r.startNodeId(), r.startNodeElementId(), r.endNodeId(),
                    r.endNodeElementId(), r.type(), canonical(r.properties()));
        } else if (v instanceof UnboundRelationship r) {
            return List.of("Unbound", r.id(), r.elementId(), r.type(), canonical(r.properties()));
        } else if (v instanceof Path p) {
            return List.of("Path", canonical(p.nodes()), canonical(p.relationships()));
        } else if (v instanceof Structure s) {
            return List.of("Struct", s.tag(), canonical(s.fields()));
        }
        return v;
    }

    record Bin(String hex) {
    }

    /** Wraps a value that may be null so that it can sit in an immutable List.of. */
    record Holder(Object value) {
    }
}
