package io.asyncbolt.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A graph node (PackStream struct {@code N}).
 *
 * @param id         the legacy numeric id
 * @param elementId  the element id (Bolt 5.0+); {@code String.valueOf(id)} when decoded from Bolt 4.x
 * @param labels     the labels, in server order
 * @param properties the properties, in server order
 */
public record Node(long id, String elementId, List<String> labels, Map<String, Object> properties) {

    public Node {
        Objects.requireNonNull(elementId, "elementId");
        labels = List.copyOf(labels);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A node without an explicit element id (Bolt 4.x style): the element id is {@code String.valueOf(id)}. */
    public static Node of(long id, List<String> labels, Map<String, Object> properties) {
        return new Node(id, String.valueOf(id), labels, properties);
    }
}
