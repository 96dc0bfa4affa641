package io.asyncbolt.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A relationship with both ends known (PackStream struct {@code R}, or a Path segment).
 *
 * @param id                 the legacy numeric id
 * @param elementId          the element id; {@code String.valueOf(id)} when decoded from Bolt 4.x
 * @param startNodeId        the legacy id of the start node
 * @param startNodeElementId the element id of the start node
 * @param endNodeId          the legacy id of the end node
 * @param endNodeElementId   the element id of the end node
 * @param type               the relationship type
 * @param properties         the properties, in server order
 */
public record Relationship(long id, String elementId, long startNodeId, String startNodeElementId,
                           long endNodeId, String endNodeElementId, String type,
                           Map<String, Object> properties) {

    public Relationship {
        Objects.requireNonNull(elementId, "elementId");
        Objects.requireNonNull(startNodeElementId, "startNodeElementId");
        Objects.requireNonNull(endNodeElementId, "endNodeElementId");
        Objects.requireNonNull(type, "type");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A relationship without explicit element ids (Bolt 4.x style): every element id is the decimal id. */
    public static Relationship of(long id, long startNodeId, long endNodeId, String type,
                                  Map<String, Object> properties) {
        return new Relationship(id, String.valueOf(id), startNodeId, String.valueOf(startNodeId),
                endNodeId, String.valueOf(endNodeId), type, properties);
    }

    /** This relationship without its ends, as it appears inside a Path. */
    public UnboundRelationship unbound() {
        return new UnboundRelationship(id, elementId, type, properties);
    }
}
