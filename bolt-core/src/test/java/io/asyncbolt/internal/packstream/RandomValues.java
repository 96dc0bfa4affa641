package io.asyncbolt.internal.packstream;

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
import java.util.Random;
import java.util.UUID;

/**
 * A small random generator of PackStream values in their canonical decoded form (Long, Double,
 * OffsetDateTime, IsoDuration, ...) that a given {@link ValueFormat} can carry.
 */
final class RandomValues {

    private static final long[] INT_EDGES = {0, 1, -1, 127, 128, -16, -17, -128, -129, 255, 256, 32767, 32768,
            -32768, -32769, 65535, 65536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final double[] DOUBLE_EDGES = {0.0, -0.0, 1.0, -1.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1.23};
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "UTC", "Pacific/Chatham", "America/St_Johns"};
    private static final int KINDS = 26;

    private final Random random;
    private final ValueFormat format;
    private long nextId;

    RandomValues(Random random, ValueFormat format) {
        this.random = random;
        this.format = format;
        this.nextId = random.nextInt(1000);
    }

    /** Any value, nesting at most {@code depth} containers. */
    Object value(int depth) {
        while (true) {
            int kind = random.nextInt(depth > 0 ? KINDS : 20);
            Object v = kind(kind, depth);
            if (v != NONE) {
                return v;
            }
        }
    }

    private static final Object NONE = new Object();

    private Object kind(int kind, int depth) {
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2, 3 -> integer();
            case 4 -> floating();
            case 5, 6 -> string();
            case 7 -> bytes();
            case 8 -> LocalDate.ofEpochDay(random.nextInt(600_000_000) - 300_000_000L);
            case 9 -> LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L));
            case 10 -> OffsetTime.of(LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L)), offset());
            case 11 -> localDateTime();
            case 12 -> OffsetDateTime.of(localDateTime(), offset());
            case 13 -> ZonedDateTime.of(localDateTime(), ZoneId.of(ZONES[random.nextInt(ZONES.length)]));
            case 14 -> new IsoDuration(integer(), integer(), integer(), random.nextInt(1_000_000_000));
            case 15 -> random.nextBoolean() ? new Point2D(random.nextInt(), floating(), floating())
                    : new Point3D(random.nextInt(), floating(), floating(), floating());
            case 16 -> format.uuid() ? new UUID(random.nextLong(), random.nextLong()) : NONE;
            case 17 -> format.vectors() ? vector() : NONE;
            case 18 -> format.vectors() ? new UnsupportedType(string(), new BoltVersion(random.nextInt(256),
                    random.nextInt(256)), random.nextBoolean() ? null : string()) : NONE;
            case 19 -> random.nextBoolean() ? node(-1) : unbound(-1);
            case 20, 21 -> list(depth - 1);
            case 22, 23 -> map(depth - 1);
            case 24 -> random.nextBoolean() ? node(depth - 1) : relationship(depth - 1);
            case 25 -> random.nextInt(3) == 0 ? structure(depth - 1) : path(depth - 1);
            default -> throw new IllegalStateException();
        };
    }

    long integer() {
        return switch (random.nextInt(5)) {
            case 0 -> INT_EDGES[random.nextInt(INT_EDGES.length)];
            case 1 -> random.nextInt(300) - 150;
            case 2 -> random.nextInt(140_000) - 70_000;
            case 3 -> random.nextInt();
            default -> random.nextLong();
        };
    }

    double floating() {
        return switch (random.nextInt(3)) {
            case 0 -> DOUBLE_EDGES[random.nextInt(DOUBLE_EDGES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextGaussian() * 1000;
        };
    }

    String string() {
        int length = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 14 + random.nextInt(4);
            case 2 -> 250 + random.nextInt(10);
            default -> random.nextInt(12);
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(6)) {
                case 0 -> 0x80 + random.nextInt(0x780);                 // 2-byte
                case 1 -> 0x800 + random.nextInt(0xD800 - 0x800);       // 3-byte below surrogates
                case 2 -> 0xE000 + random.nextInt(0x10000 - 0xE000);    // 3-byte above surrogates
                case 3 -> 0x10000 + random.nextInt(0x110000 - 0x10000); // 4-byte
                default -> random.nextInt(0x80);                        // ASCII incl. NUL
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private byte[] bytes() {
        int n = random.nextInt(4) == 0 ? 250 + random.nextInt(20) : random.nextInt(10);
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private ZoneOffset offset() {
        return ZoneOffset.ofTotalSeconds(random.nextInt(2 * 64_800 + 1) - 64_800);
    }

    private LocalDateTime localDateTime() {
        long seconds = (long) (random.nextDouble() * 2e11) - 100_000_000_000L;
        return LocalDateTime.ofEpochSecond(seconds, random.nextInt(1_000_000_000), ZoneOffset.UTC);
    }

    private Vector vector() {
        int n = random.nextInt(4) == 0 ? 70 + random.nextInt(10) : random.nextInt(6);
        return switch (random.nextInt(6)) {
            case 0 -> { byte[] a = new byte[n]; random.nextBytes(a); yield Vector.of(a); }
            case 1 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) random.nextInt(); yield Vector.of(a); }
            case 2 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = random.nextInt(); yield Vector.of(a); }
            case 3 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = random.nextLong(); yield Vector.of(a); }
            case 4 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) floating(); yield Vector.of(a); }
            default -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = floating(); yield Vector.of(a); }
        };
    }

    private List<Object> list(int depth) {
        int n = random.nextInt(8) == 0 ? 15 + random.nextInt(4) : random.nextInt(5);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(value(depth));
        }
        return list;
    }

    private Map<String, Object> map(int depth) {
        int n = random.nextInt(8) == 0 ? 15 + random.nextInt(4) : random.nextInt(5);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(random.nextBoolean() ? "k" + i : string(), value(depth));
        }
        return map;
    }

    private Map<String, Object> properties(int depth) {
        return depth < 0 ? Map.of() : map(depth);
    }

    private String elementId(long id) {
        return format.elementIds() ? "4:" + Long.toHexString(random.nextLong()) + ":" + id : String.valueOf(id);
    }

    private Node node(int depth) {
        long id = nextId++;
        List<String> labels = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            labels.add(string());
        }
        return new Node(id, elementId(id), labels, properties(depth));
    }

    private UnboundRelationship unbound(int depth) {
        long id = nextId++;
        return new UnboundRelationship(id, elementId(id), string(), properties(depth));
    }

    private Relationship relationship(int depth) {
        Node a = node(-1);
        Node b = node(-1);
        return bind(unbound(depth), a, b);
    }

    private static Relationship bind(UnboundRelationship u, Node start, Node end) {
        return u.bind(start, end);
    }

    private Path path(int depth) {
        List<Node> pool = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            pool.add(node(depth));
        }
        Path path = Path.of(pool.get(0));
        List<Relationship> used = new ArrayList<>();
        for (int step = random.nextInt(5); step > 0; step--) {
            Node prev = path.end();
            Node next = pool.get(random.nextInt(pool.size()));
            Relationship rel = null;
            for (Relationship r : used) {
                boolean fits = (r.startNodeElementId().equals(prev.elementId()) && r.endNodeElementId().equals(next.elementId()))
                        || (r.startNodeElementId().equals(next.elementId()) && r.endNodeElementId().equals(prev.elementId()));
                if (fits && random.nextBoolean()) {
                    rel = r;
                }
            }
            if (rel == null) {
                UnboundRelationship u = unbound(depth);
                rel = random.nextBoolean() ? bind(u, prev, next) : bind(u, next, prev);
                used.add(rel);
            }
            path = path.then(rel, next);
        }
        return path;
    }

    private Structure structure(int depth) {
        int n = random.nextInt(4);
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.add(value(Math.max(depth, 0)));
        }
        return new Structure((byte) random.nextInt(0x30), fields);
    }
}
