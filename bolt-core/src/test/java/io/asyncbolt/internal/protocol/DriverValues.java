package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltVersion;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.Values;

/** One parameter of every value type the official driver sends, for a given Bolt version. */
public final class DriverValues {

    private DriverValues() {
    }

    public static Map<String, Object> everyValue(BoltVersion version) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("nothing", null);
        params.put("yes", true);
        params.put("small", -16L);
        params.put("big", Long.MIN_VALUE);
        params.put("pi", 3.14159);
        params.put("text", "héllo wörld ✓");
        params.put("bytes", new byte[] {1, 2, 3, (byte) 0xFF});
        params.put("list", List.of(1L, "two", List.of(3.0)));
        params.put("map", Map.of("a", 1L, "nested", Map.of("b", List.of())));
        params.put("date", LocalDate.of(2026, 11, 24));
        params.put("localTime", LocalTime.of(13, 37, 42, 123_456_789));
        params.put("time", OffsetTime.of(8, 30, 0, 5, ZoneOffset.ofHours(-5)));
        params.put("localDateTime", LocalDateTime.of(1969, 7, 20, 20, 17, 40, 1));
        params.put("offsetDateTime", ZonedDateTime.of(2026, 3, 29, 1, 30, 0, 42, ZoneOffset.ofHoursMinutes(5, 30)));
        params.put("zonedDateTime", ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")));
        params.put("duration", Values.isoDuration(14, 3, 3_600, 500));
        params.put("point2d", Values.point(7203, 1.5, -2.5));
        params.put("point3d", Values.point(4979, 12.5, 55.7, 100.0));
        if (version.isAtLeast(BoltVersion.V6_0)) {
            params.put("floats", Values.vector(new float[] {1.0f, 2.5f}));
            params.put("ints", Values.vector(new long[] {Long.MAX_VALUE, -1}));
        }
        if (version.isAtLeast(BoltVersion.V6_1)) {
            params.put("uuid", UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
        }
        return params;
    }
}
