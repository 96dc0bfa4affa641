package io.asyncbolt.testkit;

import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Point3D;
import io.asyncbolt.value.Relationship;
import io.asyncbolt.value.UnboundRelationship;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Testkit's typed values ({@code CypherInt}, {@code CypherMap}, {@code CypherNode}, ...) to and from Java values. */
final class CypherValues {

    private CypherValues() {
    }

    /** Thrown for a value testkit sent that has no Java form here. */
    static final class UnsupportedValueException extends RuntimeException {
        UnsupportedValueException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- testkit -> Java

    /** The parameters of a request ({@code params}: a map of typed values, or null). */
    static Map<String, Object> parameters(Object params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put((String) k, toJava(v)));
        }
        return out;
    }

    /** A plain map of typed values (tx metadata). */
    static Map<String, Object> plainMap(Object value) {
        return parameters(value);
    }

    @SuppressWarnings("unchecked")
    static Object toJava(Object typed) {
        if (!(typed instanceof Map<?, ?> wrapper) || !(wrapper.get("name") instanceof String name)) {
            throw new UnsupportedValueException("Not a typed Cypher value: " + typed);
        }
        Map<String, Object> data = wrapper.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        Object value = data.get("value");
        return switch (name) {
            case "CypherNull" -> null;
            case "CypherBool" -> (Boolean) value;
            case "CypherInt" -> ((Number) value).longValue();
            case "CypherFloat" -> toDouble(value);
            case "CypherString" -> (String) value;
            case "CypherBytes" -> toBytes((String) value);
            case "CypherList" -> {
                List<Object> list = new ArrayList<>();
                for (Object item : (List<Object>) value) {
                    list.add(toJava(item));
                }
                yield list;
            }
            case "CypherMap" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<String, Object>) value).forEach((k, v) -> map.put(k, toJava(v)));
                yield map;
            }
            case "CypherDate" -> LocalDate.of(integer(data, "year"), integer(data, "month"), integer(data, "day"));
            case "CypherTime" -> {
                LocalTime time = LocalTime.of(integer(data, "hour"), integer(data, "minute"), integer(data, "second"),
                        integer(data, "nanosecond"));
                yield data.get("utc_offset_s") == null ? time
                        : OffsetTime.of(time, ZoneOffset.ofTotalSeconds(integer(data, "utc_offset_s")));
            }
            case "CypherDateTime" -> dateTime(data);
            case "CypherDuration" -> new IsoDuration(number(data, "months"), number(data, "days"),
                    number(data, "seconds"), integer(data, "nanoseconds"));
            case "CypherPoint" -> point(data);
            default -> throw new UnsupportedValueException("Cannot send a " + name + " as a parameter");
        };
    }

    private static double toDouble(Object value) {
        if (value instanceof String s) {
            return switch (s) {
                case "NaN" -> Double.NaN;
                case "+Infinity", "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        }
        return ((Number) value).doubleValue();
    }

    private static byte[] toBytes(String hex) {
        String[] parts = hex.isBlank() ? new String[0] : hex.trim().split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    private static Object dateTime(Map<String, Object> data) {
        LocalDateTime local = LocalDateTime.of(integer(data, "year"), integer(data, "month"), integer(data, "day"),
                integer(data, "hour"), integer(data, "minute"), integer(data, "second"), integer(data, "nanosecond"));
        Object zoneId = data.get("timezone_id");
        Object offset = data.get("utc_offset_s");
        if (zoneId != null) {
            ZoneId zone = ZoneId.of((String) zoneId);
            ZoneOffset preferred = offset == null ? null : ZoneOffset.ofTotalSeconds(((Number) offset).intValue());
            ZonedDateTime zoned = ZonedDateTime.ofLocal(local, zone, preferred);
            if (preferred != null && !zoned.getOffset().equals(preferred)) {
                // testkit gives the offset the wall time has in that zone; honour it even in a gap
                zoned = ZonedDateTime.ofStrict(local, preferred, zone);
            }
            return zoned;
        }
        if (offset != null) {
            return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(((Number) offset).intValue()));
        }
        return local;
    }

    private static Point point(Map<String, Object> data) {
        String system = (String) data.get("system");
        double x = ((Number) data.get("x")).doubleValue();
        double y = ((Number) data.get("y")).doubleValue();
        boolean wgs = "wgs84".equals(system);
        if (data.get("z") == null) {
            return new Point2D(wgs ? Point.WGS_84 : Point.CARTESIAN, x, y);
        }
        return new Point3D(wgs ? Point.WGS_84_3D : Point.CARTESIAN_3D, x, y, ((Number) data.get("z")).doubleValue());
    }

    private static int integer(Map<String, Object> data, String key) {
        return ((Number) data.get(key)).intValue();
    }

    private static long number(Map<String, Object> data, String key) {
        return ((Number) data.get(key)).longValue();
    }

    // ---------------------------------------------------------------- Java -> testkit

    static Map<String, Object> toTestkit(Object value) {
        if (value == null) {
            return typed("CypherNull", null);
        }
        if (value instanceof Boolean b) {
            return typed("CypherBool", b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return typed("CypherInt", ((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            Object v = Double.isNaN(d) ? "NaN" : d == Double.POSITIVE_INFINITY ? "+Infinity"
                    : d == Double.NEGATIVE_INFINITY ? "-Infinity" : (Object) d;
            return typed("CypherFloat", v);
        }
        if (value instanceof String || value instanceof Character) {
            return typed("CypherString", value.toString());
        }
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                if (hex.length() > 0) {
                    hex.append(' ');
                }
                hex.append(String.format("%02x", b & 0xFF));
            }
            return typed("CypherBytes", hex.toString());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toTestkit(v)));
            return typed("CypherList", out);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toTestkit(v)));
            return typed("CypherMap", out);
        }
        if (value instanceof Node n) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", toTestkit(n.id()));
            data.put("labels", toTestkit(n.labels()));
            data.put("props", toTestkit(n.properties()));
            data.put("elementId", toTestkit(n.elementId()));
            return struct("CypherNode", data);
        }
        if (value instanceof Relationship r) {
            return relationship(r.id(), r.elementId(), r.startNodeId(), r.startNodeElementId(), r.endNodeId(),
                    r.endNodeElementId(), r.type(), r.properties());
        }
        if (value instanceof UnboundRelationship r) {
            return relationship(r.id(), r.elementId(), -1, null, -1, null, r.type(), r.properties());
        }
        if (value instanceof Path p) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("nodes", toTestkit(p.nodes()));
            data.put("relationships", toTestkit(p.relationships()));
            return struct("CypherPath", data);
        }
        if (value instanceof Point p) {
            Map<String, Object> data = new LinkedHashMap<>();
            boolean wgs = p.srid() == Point.WGS_84 || p.srid() == Point.WGS_84_3D;
            data.put("system", wgs ? "wgs84" : "cartesian");
            data.put("x", p.x());
            data.put("y", p.y());
            data.put("z", p instanceof Point3D p3 ? p3.z() : null);
            return struct("CypherPoint", data);
        }
        if (value instanceof LocalDate d) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("year", d.getYear());
            data.put("month", d.getMonthValue());
            data.put("day", d.getDayOfMonth());
            return struct("CypherDate", data);
        }
        if (value instanceof LocalTime t) {
            return time(t, null);
        }
        if (value instanceof OffsetTime t) {
            return time(t.toLocalTime(), t.getOffset().getTotalSeconds());
        }
        if (value instanceof LocalDateTime dt) {
            return dateTime(dt, null, null);
        }
        if (value instanceof OffsetDateTime dt) {
            return dateTime(dt.toLocalDateTime(), dt.getOffset().getTotalSeconds(), null);
        }
        if (value instanceof ZonedDateTime dt) {
            String zone = dt.getZone() instanceof ZoneOffset ? null : dt.getZone().getId();
            return dateTime(dt.toLocalDateTime(), dt.getOffset().getTotalSeconds(), zone);
        }
        if (value instanceof IsoDuration d) {
            return duration(d.months(), d.days(), d.seconds(), d.nanoseconds());
        }
        if (value instanceof Duration d) {
            return duration(0, 0, d.getSeconds(), d.getNano());
        }
        if (value instanceof Period p) {
            return duration(p.toTotalMonths(), p.getDays(), 0, 0);
        }
        throw new UnsupportedValueException("No testkit form for a " + value.getClass().getName() + ": " + value);
    }

    private static Map<String, Object> relationship(long id, String elementId, long startId, String startElementId,
            long endId, String endElementId, String type, Map<String, Object> props) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", toTestkit(id));
        data.put("startNodeId", startElementId == null ? toTestkit(null) : toTestkit(startId));
        data.put("endNodeId", endElementId == null ? toTestkit(null) : toTestkit(endId));
        data.put("type", toTestkit(type));
        data.put("props", toTestkit(props));
        data.put("elementId", toTestkit(elementId));
        data.put("startNodeElementId", toTestkit(startElementId));
        data.put("endNodeElementId", toTestkit(endElementId));
        return struct("CypherRelationship", data);
    }

    private static Map<String, Object> time(LocalTime t, Integer offset) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hour", t.getHour());
        data.put("minute", t.getMinute());
        data.put("second", t.getSecond());
        data.put("nanosecond", t.getNano());
        data.put("utc_offset_s", offset);
        return struct("CypherTime", data);
    }

    private static Map<String, Object> dateTime(LocalDateTime dt, Integer offset, String zone) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("year", dt.getYear());
        data.put("month", dt.getMonthValue());
        data.put("day", dt.getDayOfMonth());
        data.put("hour", dt.getHour());
        data.put("minute", dt.getMinute());
        data.put("second", dt.getSecond());
        data.put("nanosecond", dt.getNano());
        data.put("utc_offset_s", offset);
        data.put("timezone_id", zone);
        return struct("CypherDateTime", data);
    }

    private static Map<String, Object> duration(long months, long days, long seconds, int nanos) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("months", months);
        data.put("days", days);
        data.put("seconds", seconds);
        data.put("nanoseconds", nanos);
        return struct("CypherDuration", data);
    }

    private static Map<String, Object> typed(String name, Object value) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("value", value);
        return struct(name, data);
    }

    private static Map<String, Object> struct(String name, Map<String, Object> data) {
        return Responses.of(name, data);
    }
}
