package io.asyncbolt.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 10 KB parameters of the {@code RETURN $p} workloads (about 10,000 bytes each once packed). */
final class EchoPayloads {

    private EchoPayloads() {
    }

    /** 100 entries {@code key-NNN -> 90-character string}: 100 x (1 + 7 + 2 + 90) = 10,000 bytes packed. */
    static Map<String, Object> map() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            map.put(String.format("key-%03d", i), String.valueOf((char) ('a' + i % 26)).repeat(90));
        }
        return Collections.unmodifiableMap(map);
    }

    /** 1,111 floats (9 bytes each packed): 10,002 bytes. */
    static List<Object> list() {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 1_111; i++) {
            list.add(i * 1.5);
        }
        return Collections.unmodifiableList(list);
    }
}
