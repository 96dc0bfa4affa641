package io.asyncbolt.protocol.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small typed readers over message metadata maps, shared by the message records. */
final class MessageMaps {

    private MessageMaps() {
    }

    /** The JDK's own immutable maps ({@code Map.of}), which need no copy. */
    private static final Set<Class<?>> JDK_IMMUTABLE = Set.of(Map.of("a", 1).getClass(),
            Map.of("a", 1, "b", 2).getClass());

    @SuppressWarnings("unchecked")
    static Map<String, Object> immutable(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (OwnedMaps.isReadOnly(map) || JDK_IMMUTABLE.contains(map.getClass())) {
            return (Map<String, Object>) map;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof String s ? s : null;
    }

    static long longValue(Map<String, Object> map, String key, long defaultValue) {
        Object value = map.get(key);
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                return List.of();
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }
}
