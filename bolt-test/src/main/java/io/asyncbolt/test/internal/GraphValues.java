package io.asyncbolt.test.internal;

import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Relationship;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Graph values (nodes, relationships, paths) as the maps text scripts write after {@code node}, {@code relationship}, {@code path}. */
final class GraphValues {

    private GraphValues() {
    }

    static boolean isGraph(Object value) {
        return value instanceof Node || value instanceof Relationship || value instanceof Path;
    }

    static String kind(Object value) {
        return value instanceof Node ? "node" : value instanceof Relationship ? "relationship" : "path";
    }

    /** The map written after the value's kind; element ids are left out where they are the decimal id. */
    static Map<String, Object> toMap(Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Node node) {
            map.put("id", node.id());
            putElementId(map, "elementId", node.elementId(), node.id());
            map.put("labels", node.labels());
            map.put("properties", node.properties());
        } else if (value instanceof Relationship rel) {
            map.put("id", rel.id());
            putElementId(map, "elementId", rel.elementId(), rel.id());
            map.put("start", rel.startNodeId());
            putElementId(map, "startElementId", rel.startNodeElementId(), rel.startNodeId());
            map.put("end", rel.endNodeId());
            putElementId(map, "endElementId", rel.endNodeElementId(), rel.endNodeId());
            map.put("type", rel.type());
            map.put("properties", rel.properties());
        } else {
            Path path = (Path) value;
            map.put("nodes", path.nodes());
            map.put("relationships", path.relationships());
        }
        return map;
    }

    private static void putElementId(Map<String, Object> map, String key, String elementId, long id) {
        if (!elementId.equals(String.valueOf(id))) {
            map.put(key, elementId);
        }
    }

    /** The value a script's {@code node {...}} (or relationship, path) stands for. */
    @SuppressWarnings("unchecked")
    static Object fromMap(String kind, Map<String, Object> map) {
        switch (kind) {
            case "node" -> {
                long id = number(map, "id");
                return new Node(id, elementId(map, "elementId", id), (List<String>) map.getOrDefault("labels", List.of()),
                        properties(map));
            }
            case "relationship" -> {
                long id = number(map, "id");
                long start = number(map, "start");
                long end = number(map, "end");
                Object type = map.get("type");
                if (!(type instanceof String)) {
                    throw new IllegalArgumentException("\"type\" must be a string");
                }
                return new Relationship(id, elementId(map, "elementId", id), start, elementId(map, "startElementId", start),
                        end, elementId(map, "endElementId", end), (String) type, properties(map));
            }
            default -> {
                List<Node> nodes = ((List<Object>) map.getOrDefault("nodes", List.of())).stream().map(n -> (Node) n).toList();
                List<Relationship> rels = ((List<Object>) map.getOrDefault("relationships", List.of())).stream()
                        .map(r -> (Relationship) r).toList();
                return new Path(nodes, rels);
            }
        }
    }

    /** The same graph value with its properties (and its members' properties) passed through {@code change}. */
    static Object mapProperties(Object value, UnaryOperator<Map<String, Object>> change) {
        if (value instanceof Node n) {
            return new Node(n.id(), n.elementId(), n.labels(), change.apply(n.properties()));
        }
        if (value instanceof Relationship r) {
            return new Relationship(r.id(), r.elementId(), r.startNodeId(), r.startNodeElementId(), r.endNodeId(),
                    r.endNodeElementId(), r.type(), change.apply(r.properties()));
        }
        Path p = (Path) value;
        return new Path(p.nodes().stream().map(n -> (Node) mapProperties(n, change)).toList(),
                p.relationships().stream().map(r -> (Relationship) mapProperties(r, change)).toList());
    }

    private static long number(Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof Long value)) {
            throw new IllegalArgumentException("\"" + key + "\" must be an integer");
        }
        return value;
    }

    private static String elementId(Map<String, Object> map, String key, long id) {
        Object value = map.get(key);
        if (value == null) {
            return String.valueOf(id);
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> map) {
        Object value = map.getOrDefault("properties", Map.of());
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("\"properties\" must be a map");
        }
        return (Map<String, Object>) value;
    }
}
