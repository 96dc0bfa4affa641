package io.asyncbolt.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTest {

    private final Node a = new Node(1, "a", List.of("A"), Map.of());
    private final Node b = new Node(2, "b", List.of(), Map.of());
    private final Node c = new Node(3, "c", List.of(), Map.of());
    private final Relationship ab = new Relationship(10, "ab", 1, "a", 2, "b", "T", Map.of());
    private final Relationship cb = new Relationship(11, "cb", 3, "c", 2, "b", "T", Map.of());

    @Test
    void wireFormDeduplicatesAndSignsDirections() {
        // a -> b <- c -> b <- a (revisits b, reuses both relationships)
        Path path = Path.of(a).then(ab, b).then(cb, c).then(cb, b).then(ab, a);
        Path.Wire wire = path.toWire();
        assertThat(wire.nodes()).containsExactly(a, b, c);
        assertThat(wire.relationships()).containsExactly(ab.unbound(), cb.unbound());
        assertThat(wire.indices()).containsExactly(1L, 1L, -2L, 2L, 2L, 1L, -1L, 0L);
        assertThat(Path.fromWire(wire.nodes(), wire.relationships(), wire.indices())).isEqualTo(path);
        assertThat(path.length()).isEqualTo(4);
        assertThat(path.start()).isEqualTo(a);
        assertThat(path.end()).isEqualTo(a);
    }

    @Test
    void zeroLengthPath() {
        Path path = Path.of(a);
        assertThat(path.toWire().indices()).isEmpty();
        assertThat(Path.fromWire(List.of(a), List.of(), List.of())).isEqualTo(path);
    }

    @Test
    void selfLoop() {
        Relationship loop = new Relationship(12, "aa", 1, "a", 1, "a", "SELF", Map.of());
        Path path = Path.of(a).then(loop, a);
        assertThat(path.toWire().indices()).containsExactly(1L, 0L);
    }

    @Test
    void constructorRejectsInconsistentPaths() {
        assertThatThrownBy(() -> new Path(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Path(List.of(a, b), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of(a).then(cb, c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not connect");
    }

    @Test
    void fromWireValidatesIndices() {
        List<Node> nodes = List.of(a, b);
        List<UnboundRelationship> rels = List.of(ab.unbound());
        assertThatThrownBy(() -> Path.fromWire(nodes, rels, List.of(0L, 1L))).hasMessageContaining("index 0");
        assertThatThrownBy(() -> Path.fromWire(nodes, rels, List.of(2L, 1L))).hasMessageContaining("index 2");
        assertThatThrownBy(() -> Path.fromWire(nodes, rels, List.of(1L, 5L))).hasMessageContaining("node index 5");
        assertThatThrownBy(() -> Path.fromWire(nodes, rels, List.of(1L))).hasMessageContaining("odd");
        assertThatThrownBy(() -> Path.fromWire(List.of(), rels, List.of())).hasMessageContaining("no nodes");
        Path reversed = Path.fromWire(nodes, rels, List.of(-1L, 1L));
        assertThat(reversed.relationships().get(0).startNodeElementId()).isEqualTo("b");
        assertThat(reversed.relationships().get(0).endNodeElementId()).isEqualTo("a");
    }

    @Test
    void entitiesAreImmutable() {
        assertThatThrownBy(() -> a.labels().add("X")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.properties().put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Node.of(5, List.of(), Map.of()).elementId()).isEqualTo("5");
        Relationship r = Relationship.of(7, 1, 2, "T", Map.of());
        assertThat(r.elementId()).isEqualTo("7");
        assertThat(r.startNodeElementId()).isEqualTo("1");
        assertThat(r.endNodeElementId()).isEqualTo("2");
    }
}
