package io.asyncbolt.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A relationship without its end nodes (PackStream struct {@code r}); only appears inside a Path on
 * the wire.
 *
 * @param id         the legacy numeric id
 * @param elementId  the element id; {@code String.valueOf(id)} when decoded from Bolt 4.x
 * @param type       the relationship type
 * @param properties the properties, in server order
 */
public record UnboundRelationship(long id, String elementId, String type, Map<String, Object> properties) {

    public UnboundRelationship {
        Objects.requireNonNull(elementId, "elementId");
        Objects.requireNonNull(type, "type");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Binds this relationship to its start and end node. */
    public Relationship bind(Node start, Node end) {
        return new Relationship(id, elementId, start.id(), start.elementId(), end.id(), end.elementId(),
                type, properties);
    }
}
