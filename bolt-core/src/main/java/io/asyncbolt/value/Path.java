package io.asyncbolt.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path through the graph (PackStream struct {@code P}), in traversal order: {@code n + 1} nodes and
 * {@code n} relationships, where relationship {@code i} connects node {@code i} and node {@code i + 1}
 * in either direction (its start and end tell which).
 *
 * <p>On the wire a path is stored compactly, see {@link #toWire()} and {@link #fromWire}.
 *
 * @param nodes         the nodes in traversal order, at least one
 * @param relationships the relationships in traversal order, one fewer than the nodes
 */
public record Path(List<Node> nodes, List<Relationship> relationships) {

    public Path {
        nodes = List.copyOf(nodes);
        relationships = List.copyOf(relationships);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a path has at least one node");
        }
        if (nodes.size() != relationships.size() + 1) {
            throw new IllegalArgumentException("a path with " + relationships.size()
                    + " relationships needs " + (relationships.size() + 1) + " nodes, not " + nodes.size());
        }
        for (int i = 0; i < relationships.size(); i++) {
            Relationship rel = relationships.get(i);
            String a = nodes.get(i).elementId();
            String b = nodes.get(i + 1).elementId();
            boolean forward = rel.startNodeElementId().equals(a) && rel.endNodeElementId().equals(b);
            boolean backward = rel.startNodeElementId().equals(b) && rel.endNodeElementId().equals(a);
            if (!forward && !backward) {
                throw new IllegalArgumentException("relationship " + i + " (" + rel.elementId()
                        + ") does not connect nodes " + a + " and " + b);
            }
        }
    }

    /** A path of length zero: just {@code start}. Extend it with {@link #then}. */
    public static Path of(Node start) {
        return new Path(List.of(start), List.of());
    }

    /** This path extended by {@code rel} (in either direction) to {@code next}. */
    public Path then(Relationship rel, Node next) {
        List<Node> n = new ArrayList<>(nodes);
        n.add(next);
        List<Relationship> r = new ArrayList<>(relationships);
        r.add(rel);
        return new Path(n, r);
    }

    /** The first node. */
    public Node start() {
        return nodes.get(0);
    }

    /** The last node. */
    public Node end() {
        return nodes.get(nodes.size() - 1);
    }

    /** The number of relationships. */
    public int length() {
        return relationships.size();
    }

    /**
     * The wire form of a path: distinct nodes (the first is the start), distinct unbound relationships,
     * and {@code (relIndex, nodeIndex)} pairs per step, where {@code relIndex} is 1-based and negative
     * when the relationship is traversed against its direction.
     */
    public record Wire(List<Node> nodes, List<UnboundRelationship> relationships, List<Long> indices) {
        public Wire {
            nodes = List.copyOf(nodes);
            relationships = List.copyOf(relationships);
            indices = List.copyOf(indices);
        }
    }

    /** This path in wire form; nodes and relationships are de-duplicated by element id. */
    public Wire toWire() {
        Map<String, Integer> nodeIndex = new LinkedHashMap<>();
        List<Node> uniqueNodes = new ArrayList<>();
        Map<String, Integer> relIndex = new LinkedHashMap<>();
        List<UnboundRelationship> uniqueRels = new ArrayList<>();
        for (Node node : nodes) {
            if (nodeIndex.putIfAbsent(node.elementId(), uniqueNodes.size()) == null) {
                uniqueNodes.add(node);
            }
        }
        List<Long> indices = new ArrayList<>(relationships.size() * 2);
        for (int i = 0; i < relationships.size(); i++) {
            Relationship rel = relationships.get(i);
            Integer r = relIndex.get(rel.elementId());
            if (r == null) {
                r = uniqueRels.size();
                relIndex.put(rel.elementId(), r);
                uniqueRels.add(rel.unbound());
            }
            Node prev = nodes.get(i);
            Node next = nodes.get(i + 1);
            boolean forward = rel.startNodeElementId().equals(prev.elementId())
                    && rel.endNodeElementId().equals(next.elementId());
            indices.add(forward ? r + 1L : -(r + 1L));
            indices.add((long) nodeIndex.get(next.elementId()));
        }
        return new Wire(uniqueNodes, uniqueRels, indices);
    }

    /**
     * Rebuilds a path from its wire form, filling in each relationship's start and end from the
     * neighbouring nodes and the sign of its index.
     *
     * @throws IllegalArgumentException when the indices are inconsistent
     */
    public static Path fromWire(List<Node> nodes, List<UnboundRelationship> relationships, List<Long> indices) {
        Objects.requireNonNull(indices, "indices");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("path has no nodes");
        }
        if ((indices.size() & 1) != 0) {
            throw new IllegalArgumentException("path has an odd number of indices: " + indices.size());
        }
        int steps = indices.size() / 2;
        List<Node> seq = new ArrayList<>(steps + 1);
        List<Relationship> rels = new ArrayList<>(steps);
        Node prev = nodes.get(0);
        seq.add(prev);
        for (int i = 0; i < steps; i++) {
            long r = indices.get(2 * i);
            long n = indices.get(2 * i + 1);
            if (r == 0 || r > relationships.size() || r < -relationships.size()) {
                throw new IllegalArgumentException("path relationship index " + r + " out of range 1.."
                        + relationships.size() + " (or negated) at step " + i);
            }
            if (n < 0 || n >= nodes.size()) {
                throw new IllegalArgumentException("path node index " + n + " out of range 0.."
                        + (nodes.size() - 1) + " at step " + i);
            }
            Node next = nodes.get((int) n);
            UnboundRelationship u = relationships.get((int) Math.abs(r) - 1);
            rels.add(r > 0 ? u.bind(prev, next) : u.bind(next, prev));
            seq.add(next);
            prev = next;
        }
        return new Path(seq, rels);
    }
}
