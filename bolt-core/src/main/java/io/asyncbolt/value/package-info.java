/**
 * The values that travel inside Bolt messages beyond the plain PackStream types: graph entities,
 * durations, points, vectors and placeholders. All types are immutable. (Bolt 6.1's UUID is plain
 * {@link java.util.UUID}; a server sends it to older clients as an {@link io.asyncbolt.value.UnsupportedType}
 * or a placeholder map, as Neo4j does.)
 */
package io.asyncbolt.value;
